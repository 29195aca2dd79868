package dev.stampededoctor.cli.redis;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One blocking RESP2 connection with pipelining: {@link #send} queues commands, {@link #flush}
 * writes them, {@link #read} takes the replies in order.
 *
 * <p>Why not lettuce here: lettuce cannot MONITOR (see the field notes), and its first command
 * costs about 1.2 s of start-up (netty, reactor) on this class of machine, which alone would
 * break {@code ttl-audit}'s budget of a third of {@code redis-cli --bigkeys}. The protocol subset
 * we need (arrays of bulk strings out; simple, error, integer, bulk and array replies in) is
 * small.
 *
 * <p>Replies: simple strings as {@link String}, integers as {@link Long}, bulk strings as
 * {@code byte[]}, arrays as {@code List<Object>}, nulls as null, errors as {@link RedisError}.
 */
public final class RedisConnection implements RedisCommands, AutoCloseable {
    private static final byte[] CRLF = {'\r', '\n'};
    // Array and bulk lengths are small numbers: their text, CRLF included, made once.
    private static final byte[][] SMALL_NUMBERS = new byte[4096][];

    static {
        for (int i = 0; i < SMALL_NUMBERS.length; i++) {
            SMALL_NUMBERS[i] = (i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final Wire wire;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] readBuffer = new byte[1 << 16];
    private int readPos;
    private int readLimit;
    private byte[] writeBuffer = new byte[1 << 14];
    private int writeLength;
    /** Bytes read since the reply began, and when its first read returned (0: none yet). */
    private long replyBytes;
    private long replyStartNanos;
    private long readTimeoutNanos;

    /**
     * The largest reply taken: what the tool asks for (INFO, CLUSTER NODES, a SCAN batch, a drill's
     * values) is far smaller. A peer sending more, or announcing more, is not the Redis we asked.
     */
    static final long MAX_REPLY_BYTES = 256L << 20;
    /** The longest simple string or error line: Redis's are short. */
    static final int MAX_LINE_CHARS = 1 << 20;

    private RedisConnection(Wire wire, Duration readTimeout) {
        this.wire = wire;
        this.readTimeoutNanos = readTimeout.toNanos();
        this.in = wire.in();
        this.out = wire.out();
    }

    /**
     * Connects (TLS when the URL says {@code rediss://}; a unix socket for {@code unix://}),
     * authenticates and selects the URL's db. {@code readTimeout} bounds every wait for a reply.
     */
    public static RedisConnection open(RedisUrl url, TlsOptions tls, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        return open(url, tls, connectTimeout, readTimeout, null);
    }

    /**
     * {@link #open(RedisUrl, TlsOptions, Duration, Duration)} from the local address
     * {@code localAddress} (null: the one the system picks), e.g. 127.0.0.21 to look like a host of
     * its own to a Redis on loopback. A unix socket has no address to choose: it must be null.
     */
    public static RedisConnection open(RedisUrl url, TlsOptions tls, Duration connectTimeout, Duration readTimeout,
            java.net.InetAddress localAddress) throws IOException {
        if (url.unixSocket() && (url.tls() || localAddress != null)) {
            throw new IllegalArgumentException("a unix socket has neither TLS nor a local address: " + url);
        }
        Wire wire = Wire.open(url, tls, connectTimeout, readTimeout, localAddress);
        try {
            RedisConnection c = new RedisConnection(wire, readTimeout);
            if (url.password() != null) {
                if (url.user() != null) {
                    c.call("AUTH", url.user(), url.password());
                } else {
                    c.call("AUTH", url.password());
                }
            }
            if (url.db() != 0) {
                c.call("SELECT", String.valueOf(url.db()));
            }
            return c;
        } catch (IOException | RuntimeException e) {
            wire.close();
            throw e;
        }
    }

    /** Sends one command and returns its reply; an error reply throws {@link RedisReplyException}. */
    @Override
    public Object call(String... args) throws IOException {
        return call(RedisCommands.bytes(args));
    }

    @Override
    public Object call(byte[]... args) throws IOException {
        send(args);
        flush();
        Object reply = read();
        if (reply instanceof RedisError e) {
            throw RedisCommands.failure(args, e);
        }
        return reply;
    }

    @Override
    public List<Object> pipeline(List<byte[][]> commands) throws IOException {
        for (byte[][] c : commands) {
            send(c);
        }
        flush();
        List<Object> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(read());
        }
        return replies;
    }

    /** A reply as text: simple and bulk strings. */
    public String callForText(String... args) throws IOException {
        Object reply = call(args);
        if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return reply == null ? null : reply.toString();
    }

    /** Queues a command; nothing is written until {@link #flush}. */
    public void send(byte[]... args) {
        writeAscii('*');
        writeNumber(args.length);
        for (byte[] a : args) {
            writeAscii('$');
            writeNumber(a.length);
            writeBytes(a, 0, a.length);
            writeBytes(CRLF, 0, 2);
        }
    }

    public void flush() throws IOException {
        out.write(writeBuffer, 0, writeLength);
        out.flush();
        writeLength = 0;
    }

    private void writeAscii(char c) {
        ensureWrite(1);
        writeBuffer[writeLength++] = (byte) c;
    }

    private void writeNumber(long n) {
        if (n >= 0 && n < SMALL_NUMBERS.length) {
            byte[] text = SMALL_NUMBERS[(int) n];
            writeBytes(text, 0, text.length);
            return;
        }
        byte[] digits = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        writeBytes(digits, 0, digits.length);
        writeBytes(CRLF, 0, 2);
    }

    private void writeBytes(byte[] b, int off, int len) {
        ensureWrite(len);
        System.arraycopy(b, off, writeBuffer, writeLength, len);
        writeLength += len;
    }

    private void ensureWrite(int more) {
        if (writeLength + more > writeBuffer.length) {
            writeBuffer = Arrays.copyOf(writeBuffer, Math.max(writeBuffer.length * 2, writeLength + more));
        }
    }

    /**
     * The next reply. A reply that began must end within the read timeout (a peer trickling bytes
     * would otherwise hold every read open), and may not exceed {@link #MAX_REPLY_BYTES}.
     */
    public Object read() throws IOException {
        replyBytes = 0;
        replyStartNanos = 0;
        return readValue();
    }

    private Object readValue() throws IOException {
        byte type = readByte();
        switch (type) {
            case '+':
                return readLineText();
            case '-':
                return new RedisError(readLineText());
            case ':':
                return readLong();
            case '$': {
                long n = readLong();
                if (n < 0) {
                    return null;
                }
                if (n > MAX_REPLY_BYTES) {
                    throw new IOException("Redis announced a reply of " + n + " bytes, more than stampede-doctor ever"
                            + " asks for: is this Redis?");
                }
                byte[] b = new byte[(int) n];
                readFully(b);
                expectCrlf();
                return b;
            }
            case '*': {
                long n = readLong();
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>((int) Math.min(n, 1 << 16));
                for (long i = 0; i < n; i++) {
                    items.add(readValue());
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply from Redis (type byte 0x" + Integer.toHexString(type & 0xff) + ")");
        }
    }

    private byte readByte() throws IOException {
        if (readPos == readLimit) {
            fill();
        }
        return readBuffer[readPos++];
    }

    private void fill() throws IOException {
        int n = in.read(readBuffer, 0, readBuffer.length);
        if (n < 0) {
            throw new EOFException("Redis closed the connection");
        }
        readPos = 0;
        readLimit = n;
        long now = System.nanoTime();
        if (replyStartNanos == 0) {
            replyStartNanos = now;
        } else if (now - replyStartNanos > readTimeoutNanos) {
            throw new java.net.SocketTimeoutException("Redis sent part of a reply and not the rest within "
                    + readTimeoutNanos / 1_000_000 + " ms");
        }
        replyBytes += n;
        if (replyBytes > MAX_REPLY_BYTES) {
            throw new IOException("a reply of over " + (MAX_REPLY_BYTES >> 20) + " MiB from Redis, more than"
                    + " stampede-doctor ever asks for: is this Redis?");
        }
    }

    private long readLong() throws IOException {
        long value = 0;
        boolean negative = false;
        byte b = readByte();
        if (b == '-') {
            negative = true;
            b = readByte();
        }
        while (b != '\r') {
            if (b < '0' || b > '9') {
                throw new IOException("unexpected reply from Redis (not a number)");
            }
            value = value * 10 + (b - '0');
            b = readByte();
        }
        if (readByte() != '\n') {
            throw new IOException("unexpected reply from Redis (no line end)");
        }
        return negative ? -value : value;
    }

    private String readLineText() throws IOException {
        StringBuilder s = new StringBuilder();
        byte b;
        while ((b = readByte()) != '\r') {
            if (s.length() == MAX_LINE_CHARS) {
                throw new IOException("a reply line of over " + MAX_LINE_CHARS + " characters from Redis: is this Redis?");
            }
            s.append((char) (b & 0xff));
        }
        if (readByte() != '\n') {
            throw new IOException("unexpected reply from Redis (no line end)");
        }
        return s.toString();
    }

    private void readFully(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            if (readPos == readLimit) {
                fill();
            }
            int n = Math.min(b.length - off, readLimit - readPos);
            System.arraycopy(readBuffer, readPos, b, off, n);
            readPos += n;
            off += n;
        }
    }

    private void expectCrlf() throws IOException {
        if (readByte() != '\r' || readByte() != '\n') {
            throw new IOException("unexpected reply from Redis (no line end)");
        }
    }

    /**
     * Sends MONITOR and returns the raw stream that follows its {@code +OK}: one {@code +<line>\r\n}
     * per command the server runs. The connection is good for nothing else afterwards.
     */
    public InputStream monitor() throws IOException {
        Object ok = call("MONITOR");
        if (!"OK".equals(ok)) {
            throw new IOException("unexpected answer to MONITOR: " + ok);
        }
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (readPos < readLimit) {
                    int n = Math.min(len, readLimit - readPos);
                    System.arraycopy(readBuffer, readPos, b, off, n);
                    readPos += n;
                    return n;
                }
                return in.read(b, off, len);
            }
        };
    }

    /** This end of the connection as MONITOR prints a client: {@code ip:port}, {@code [ipv6]:port}, {@code unix:<path>}. */
    public String localAddress() {
        return wire.localAddress();
    }

    /**
     * This connection as Redis sees it, the way MONITOR names its commands' source: {@code addr=}
     * of CLIENT INFO (6.2+), else of this connection's CLIENT LIST line; the socket's own
     * address when the server refuses both (through a proxy or NAT the server may see another).
     * Sends commands: call it before SUBSCRIBE or MONITOR.
     */
    public String clientAddress() throws IOException {
        String line = null;
        try {
            line = callForText("CLIENT", "INFO");
        } catch (RedisReplyException e) {
            try {
                String id = "id=" + call("CLIENT", "ID") + " ";
                for (String l : callForText("CLIENT", "LIST").split("\n")) {
                    if (l.startsWith(id)) {
                        line = l;
                    }
                }
            } catch (RedisReplyException refused) {
                // no CLIENT for this user: the socket's view
            }
        }
        if (line != null) {
            for (String field : line.strip().split(" ")) {
                if (field.startsWith("addr=") && field.length() > 5) {
                    return field.substring(5);
                }
            }
        }
        return localAddress();
    }

    /** How long a reply may take from now on. */
    public void readTimeout(Duration timeout) throws IOException {
        wire.readTimeout(timeout);
        readTimeoutNanos = timeout.toNanos();
    }

    @Override
    public void close() {
        wire.close();
    }
}
