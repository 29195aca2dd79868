package dev.stampededoctor.cli.servers;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP2 client for tests: sends one command as an array of binary-safe arguments and
 * reads one reply. Written here rather than taken from Lettuce or Jedis so that tests control the
 * exact bytes on the wire (keys with NUL, CR, LF, invalid UTF-8) and can speak over a unix
 * socket, which neither needs nor hides anything.
 *
 * <p>Replies map to Java as: simple string {@link String}, error {@link Error}, integer
 * {@link Long}, bulk string {@code byte[]}, array {@link List}, null bulk or array {@code null}.
 * Every read is bounded by the timeout, so a silent server fails the test instead of hanging it.
 */
public final class RespClient implements AutoCloseable {
    /** An error reply ({@code -ERR ...}), returned rather than thrown so tests can assert on it. */
    public record Error(String message) {
    }

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final long timeoutMillis;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();

    private RespClient(SocketChannel channel, Duration timeout) throws IOException {
        this.channel = channel;
        this.timeoutMillis = timeout.toMillis();
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
    }

    /** Connects over TCP. */
    public static RespClient tcp(String host, int port) throws IOException {
        return tcp(host, port, DEFAULT_TIMEOUT);
    }

    public static RespClient tcp(String host, int port, Duration timeout) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.connect(new InetSocketAddress(host, port));
            return new RespClient(ch, timeout);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Connects to a unix domain socket (Java 16+). */
    public static RespClient unix(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new RespClient(ch, DEFAULT_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Our end of the connection ({@link InetSocketAddress} for TCP). */
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    /** Sends a command of UTF-8 arguments and reads its reply. */
    public Object call(String... args) throws IOException {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return call(bytes);
    }

    /** Sends a command of binary arguments and reads its reply. */
    public Object call(byte[]... args) throws IOException {
        send(args);
        return readReply();
    }

    /** Like {@link #call(String...)}, for replies that are text: a bulk string decoded as UTF-8, or a status. */
    public String callForText(String... args) throws IOException {
        Object reply = call(args);
        if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (reply instanceof String s) {
            return s;
        }
        throw new IOException(String.join(" ", args) + " answered " + describe(reply));
    }

    /** Sends a command that must answer {@code +OK} (CLUSTER MEET, SETSLOT ...); anything else is an IOException. */
    public void callForOk(String... args) throws IOException {
        Object reply = call(args);
        if (!"OK".equals(reply)) {
            // CLUSTER ADDSLOTS carries thousands of arguments: name the command, not all of them.
            String command = String.join(" ", args.length > 4 ? List.of(args).subList(0, 4) : List.of(args));
            throw new IOException(command + " answered " + describe(reply));
        }
    }

    /** Writes one command as a RESP array of bulk strings. */
    public void send(byte[]... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeHeader(out, '*', args.length);
        for (byte[] arg : args) {
            writeHeader(out, '$', arg.length);
            out.write(arg);
            out.write('\r');
            out.write('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                await(deadline, "write");
                key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    /** Reads one reply of any RESP2 type. */
    public Object readReply() throws IOException {
        int type = readByte();
        byte[] line = readLine();
        String text = new String(line, StandardCharsets.UTF_8);
        switch (type) {
            case '+':
                return text;
            case '-':
                return new Error(text);
            case ':':
                return Long.parseLong(text);
            case '$': {
                int length = Integer.parseInt(text);
                if (length < 0) {
                    return null;
                }
                byte[] data = new byte[length];
                for (int i = 0; i < length; i++) {
                    data[i] = (byte) readByte();
                }
                if (readByte() != '\r' || readByte() != '\n') {
                    throw new IOException("bulk string not followed by CRLF");
                }
                return data;
            }
            case '*': {
                int count = Integer.parseInt(text);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(readReply());
                }
                return items;
            }
            default:
                throw new IOException("not a RESP2 reply type: 0x" + Integer.toHexString(type));
        }
    }

    /** A short text form of a reply, for assertion messages. */
    public static String describe(Object reply) {
        if (reply instanceof byte[] b) {
            return "bulk \"" + new String(b, StandardCharsets.UTF_8) + "\"";
        }
        return String.valueOf(reply);
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }

    private static void writeHeader(ByteArrayOutputStream out, char type, int n) {
        out.write(type);
        out.writeBytes(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = readByte();
            if (b == '\r') {
                if (readByte() != '\n') {
                    throw new IOException("CR not followed by LF in a reply line");
                }
                return line.toByteArray();
            }
            line.write(b);
        }
    }

    private int readByte() throws IOException {
        if (!in.hasRemaining()) {
            fill();
        }
        return in.get() & 0xff;
    }

    private void fill() throws IOException {
        in.clear();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            while (true) {
                int n = channel.read(in);
                if (n < 0) {
                    throw new EOFException("server closed the connection");
                }
                if (n > 0) {
                    return;
                }
                await(deadline, "reply");
            }
        } finally {
            in.flip();
        }
    }

    private void await(long deadline, String what) throws IOException {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            throw new SocketTimeoutException("no " + what + " within " + timeoutMillis + " ms");
        }
        selector.select(left);
        selector.selectedKeys().clear();
    }
}
