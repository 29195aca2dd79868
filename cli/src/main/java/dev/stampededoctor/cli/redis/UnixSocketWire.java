package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A unix socket (Java 16+ {@link SocketChannel}) with the timeouts of a TCP socket.
 *
 * <p>Why selectors: a unix-socket channel has no {@link java.net.Socket} view, and a blocking
 * channel's stream ignores SO_TIMEOUT, so a stalled server (SIGSTOP, a long script) would hang a
 * read for ever. The channel is non-blocking; a read or write that cannot go on waits in a selector
 * for at most the timeout and then throws {@link SocketTimeoutException}, leaving the wire usable
 * as a timed-out socket is. Reads and writes have a selector each, so one thread can read while
 * another writes (the shared connection of {@link RedisMultiplexer}).
 *
 * <p>Connecting is bounded by a watchdog instead: a non-blocking connect to a socket whose backlog
 * is full fails at once (EAGAIN) rather than waiting, so the connect blocks and the watchdog closes
 * the channel at the deadline.
 */
final class UnixSocketWire implements Wire {
    private static final int CONNECTING = 0;
    private static final int CONNECTED = 1;
    private static final int GAVE_UP = 2;

    private final SocketChannel channel;
    private final String serverPath;
    private final Selector readable;
    private final Selector writable;
    private volatile long timeoutMillis;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    private UnixSocketWire(SocketChannel channel, Path path, Duration readTimeout) throws IOException {
        this.channel = channel;
        this.serverPath = path.toString();
        this.timeoutMillis = Math.max(1, readTimeout.toMillis());
        channel.configureBlocking(false);
        this.readable = Selector.open();
        this.writable = Selector.open();
        channel.register(readable, SelectionKey.OP_READ);
        channel.register(writable, SelectionKey.OP_WRITE);
    }

    static UnixSocketWire open(Path path, Duration connectTimeout, Duration readTimeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        AtomicInteger state = new AtomicInteger(CONNECTING);
        CompletableFuture.delayedExecutor(Math.max(1, connectTimeout.toMillis()), TimeUnit.MILLISECONDS).execute(() -> {
            if (state.compareAndSet(CONNECTING, GAVE_UP)) {
                closeQuietly(channel);
            }
        });
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
            if (!state.compareAndSet(CONNECTING, CONNECTED)) {
                throw new AsynchronousCloseException();
            }
            return new UnixSocketWire(channel, path, readTimeout);
        } catch (AsynchronousCloseException e) {
            closeQuietly(channel);
            SocketTimeoutException t = new SocketTimeoutException("connect timed out");
            t.initCause(e);
            throw t;
        } catch (IOException | RuntimeException e) {
            state.set(GAVE_UP);
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public void readTimeout(Duration timeout) {
        timeoutMillis = Math.max(1, timeout.toMillis());
    }

    /** MONITOR names every unix-socket client by the server's path: {@code unix:<path>}. */
    @Override
    public String localAddress() {
        return "unix:" + serverPath;
    }

    @Override
    public void close() {
        closeQuietly(channel);
        // Closing a selector wakes a thread waiting in it and deregisters the channel, which
        // releases the socket.
        closeQuietly(readable);
        closeQuietly(writable);
    }

    /**
     * Waits until {@code selector} says the channel is ready, at most until {@code deadline}:
     * false when the time is up. An interrupt does not end the wait, as it does not end a
     * blocking socket read: it is kept for the caller.
     */
    private boolean await(Selector selector, long deadline) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                int ready = selector.select(left);
                selector.selectedKeys().clear();
                if (Thread.interrupted()) {
                    interrupted = true;
                }
                if (!channel.isOpen()) {
                    throw new AsynchronousCloseException();
                }
                if (ready > 0) {
                    return true;
                }
            }
        } catch (ClosedSelectorException e) {
            throw new AsynchronousCloseException();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long deadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing to do: we are leaving
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            long deadline = deadline();
            while (true) {
                int n = channel.read(buffer);
                if (n != 0) {
                    return n;
                }
                if (!await(readable, deadline)) {
                    throw new SocketTimeoutException("Read timed out");
                }
            }
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /** Writes it all; a server that takes nothing for the timeout (its buffer full, stalled) ends it. */
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            long deadline = deadline();
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) > 0) {
                    deadline = deadline(); // a slow server that takes bytes is not stalled
                } else if (!await(writable, deadline)) {
                    throw new SocketTimeoutException("Write timed out");
                }
            }
        }
    }
}
