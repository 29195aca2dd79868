package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;

/**
 * The live MONITOR stream as an input for the engine, bounded: it ends at the deadline or when
 * {@link #stop} is called (Ctrl-C, the buffer guard), and only ever on a line boundary, so the
 * last line is never cut. Optionally copies each line, in {@code redis-cli monitor}'s format
 * (no {@code +}, LF), to a save file.
 */
public final class MonitorSource extends LiveSource {
    private static final int POLL_MILLIS = 100;

    private final InputStream raw;
    private final RedisConnection connection;
    private final long deadlineNanos;
    /** Where the stream is copied (--save, or the replay's temporary copy); null once a write failed. */
    private OutputStream save;
    private long savedFlushNanos = System.nanoTime();
    /** The copy is flushed at least this often, at a line's end: a killed scan loses at most this much. */
    private static final long SAVE_FLUSH_NANOS = 1_000_000_000L;
    private final byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private volatile long bytes;
    private volatile long lines;
    private boolean atLineStart = true;
    /** Tests stall the reader with this (ms per read) to prove the buffer guard; 0 otherwise. */
    private final long stallMillis = Long.getLong("stampede-doctor.test.stall-reader-ms", 0);
    private boolean pendingCr;
    /** Handing on a line cut by the caller's buffer: its rest goes on unchecked. */
    private boolean midLine;
    private byte[][] ownSources = new byte[0][];
    private volatile long ownLines;

    public MonitorSource(RedisConnection connection, InputStream raw, long durationNanos, OutputStream save)
            throws IOException {
        this.connection = connection;
        this.raw = raw;
        this.deadlineNanos = System.nanoTime() + durationNanos;
        this.save = save;
        // The stream starts as redis-cli's does, with MONITOR's OK: line numbers in reports are
        // then those of the saved capture. It is not a MONITOR line (see lines()).
        buf[0] = 'O';
        buf[1] = 'K';
        buf[2] = '\n';
        end = 3;
        lines = -1;
        // Short socket waits, so the deadline and stop requests are noticed within 0.1 s.
        connection.readTimeout(java.time.Duration.ofMillis(POLL_MILLIS));
    }

    /** MONITOR lines handed on so far (any thread). */
    public long lines() {
        return lines;
    }

    /** Bytes of MONITOR stream read so far (any thread). */
    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            int complete = lastNewline();
            if (complete > start) {
                int n = 0;
                long newlines = 0;
                while (start < complete && n < len) {
                    int eol = start;
                    while (buf[eol] != '\n') {
                        eol++; // a newline is there: complete is past one
                    }
                    if (!midLine && ownSource(start, eol)) {
                        start = eol + 1;
                        ownLines++;
                        continue;
                    }
                    int take = Math.min(len - n, eol + 1 - start);
                    System.arraycopy(buf, start, b, off + n, take);
                    n += take;
                    start += take;
                    midLine = buf[start - 1] != '\n';
                    if (!midLine) {
                        newlines++;
                    }
                }
                if (n > 0) {
                    copySafely(b, off, n);
                    lines += newlines;
                    return n;
                }
                // every complete line was one of our own: read on
            }
            if (stopRequested() || System.nanoTime() >= deadlineNanos) {
                stop("duration"); // kept only when nothing stopped it first
                return -1;
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buf.length) {
                // A line longer than the buffer (a SET of a 70 KB cached page): handed on in pieces,
                // as analyze reads a long line of a file; the parser skips one past --max-line-bytes.
                int n = Math.min(len, end - start);
                System.arraycopy(buf, start, b, off, n);
                start += n;
                midLine = true;
                copySafely(b, off, n);
                return n;
            }
            try {
                if (stallMillis > 0) {
                    Thread.sleep(stallMillis);
                }
                // Each time the lines read so far are all handed on and more are awaited (at least
                // every 0.1 s while the stream is quiet): a live view's snapshot falls between lines.
                runBeforeRead();
                int n = raw.read(buf, end, buf.length - end);
                if (n < 0) {
                    stop("connection-lost");
                    return -1;
                }
                end += n;
                bytes += n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop("interrupt");
            } catch (SocketTimeoutException e) {
                // no traffic in the last 0.1 s: look at the clock and the stop flag again
            } catch (IOException e) {
                stop("connection-lost");
                throw e;
            }
        }
    }

    /**
     * Whether the line in {@code buf[from, eol)} is a command of one of our own connections: its
     * source, between {@code "[<db> "} and {@code "]"}, is one of {@link #ignoreSources}. Bytes
     * compared in place, nothing allocated.
     */
    private boolean ownSource(int from, int eol) {
        if (ownSources.length == 0) {
            return false;
        }
        int open = from;
        int limit = Math.min(eol, from + 48); // "+1795461941.068714 [" with room to spare
        while (open < limit && buf[open] != '[') {
            open++;
        }
        if (open == limit) {
            return false;
        }
        int at = open + 1;
        while (at < eol && buf[at] != ' ') {
            at++; // the db
        }
        at++;
        for (byte[] own : ownSources) {
            int close = at + own.length;
            if (close < eol && buf[close] == ']' && java.util.Arrays.equals(buf, at, close, own, 0, own.length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Drops the lines of these sources ({@code ip:port} as Redis names a client: see
     * {@link RedisConnection#clientAddress}): the tool's own connections, whose polling is not the
     * application's traffic. Call before the stream is read. A unix socket is not told apart
     * (MONITOR names every unix client alike) and is never dropped.
     */
    public void ignoreSources(java.util.Collection<String> sources) {
        ownSources = sources.stream().filter(a -> !a.isEmpty() && !a.startsWith("unix:") && !a.startsWith("/")
                && !a.endsWith(":0")).distinct().map(a -> a.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .toArray(byte[][]::new);
    }

    /** Lines dropped as our own connections' commands so far (any thread). */
    @Override
    public long ownLines() {
        return ownLines;
    }

    /** The position after the last complete line in the buffer, or {@code start}. */
    private int lastNewline() {
        for (int i = end - 1; i >= start; i--) {
            if (buf[i] == '\n') {
                return i + 1;
            }
        }
        return start;
    }

    /**
     * Copies to the save stream; a failing write (a full disk) stops the copy, not the scan: the
     * analysis needs no file, and the failure is the caller's to report ({@link #saveFailure}).
     */
    private void copySafely(byte[] b, int off, int n) {
        if (save == null) {
            return;
        }
        try {
            writeAsRedisCli(b, off, n);
            long now = System.nanoTime();
            if (now - savedFlushNanos >= SAVE_FLUSH_NANOS && n > 0 && b[off + n - 1] == '\n') {
                save.flush();
                savedFlushNanos = now;
            }
        } catch (IOException e) {
            failSave(e);
            save = null;
        }
    }

    /** Lines as redis-cli prints them: without the {@code +} of the reply, LF-terminated. */
    private void writeAsRedisCli(byte[] b, int off, int n) throws IOException {
        if (save == null) {
            return;
        }
        for (int i = off; i < off + n; i++) {
            byte c = b[i];
            if (pendingCr) {
                pendingCr = false;
                if (c != '\n') {
                    save.write('\r');
                }
            }
            if (atLineStart && c == '+') {
                atLineStart = false;
                continue;
            }
            atLineStart = c == '\n';
            if (c == '\r') {
                pendingCr = true;
                continue;
            }
            save.write(c);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
