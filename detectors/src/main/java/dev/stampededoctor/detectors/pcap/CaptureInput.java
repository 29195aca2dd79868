package dev.stampededoctor.detectors.pcap;

import java.io.IOException;
import java.io.InputStream;

/**
 * The capture's byte stream with its position (for error messages), read in large chunks: a
 * record is handed on where it lies in the chunk ({@link #ensure}), so reading a classic pcap
 * costs one copy of the file, not two stream calls and a copy per packet. Memory keeps to the
 * chunk and the largest accepted record.
 */
final class CaptureInput {
    private static final int CHUNK = 256 * 1024;
    private static final int FIRST_BUFFER = 64 * 1024;

    private final InputStream in;
    private long offset;
    private byte[] chunk = new byte[CHUNK];
    private int pos;
    private int limit;
    private boolean ended;
    private byte[] buffer = new byte[FIRST_BUFFER];

    CaptureInput(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far. */
    long offset() {
        return offset;
    }

    /**
     * Makes the next {@code len} bytes lie together in {@link #chunk()} from {@link #position()}
     * on, reading as needed; returns how many do (fewer than {@code len} only at the end).
     * Bytes handed out before are moved or overwritten by the next call.
     */
    int ensure(int len) throws IOException {
        if (limit - pos >= len) {
            return len;
        }
        if (pos > 0) {
            System.arraycopy(chunk, pos, chunk, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (len > chunk.length) {
            chunk = java.util.Arrays.copyOf(chunk, Math.max(len, chunk.length * 2));
        }
        while (limit < len && !ended) {
            int n = in.read(chunk, limit, chunk.length - limit);
            if (n < 0) {
                ended = true;
            } else {
                limit += n;
            }
        }
        return Math.min(len, limit);
    }

    byte[] chunk() {
        return chunk;
    }

    /** Where the bytes {@link #ensure} made ready start in {@link #chunk()}. */
    int position() {
        return pos;
    }

    /** Moves past {@code n} bytes that {@link #ensure} made ready. */
    void consume(int n) {
        pos += n;
        offset += n;
    }

    /** A record buffer, at least {@code size} bytes long; earlier contents kept. */
    byte[] buffer(int size) {
        if (buffer.length < size) {
            byte[] grown = new byte[Math.max(size, buffer.length * 2)];
            System.arraycopy(buffer, 0, grown, 0, buffer.length);
            buffer = grown;
        }
        return buffer;
    }

    /** Reads {@code len} bytes unless the stream ends first; returns how many were read. */
    int read(byte[] dst, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = ensure(Math.min(len - done, CHUNK));
            if (n == 0) {
                break;
            }
            System.arraycopy(chunk, pos, dst, off + done, n);
            consume(n);
            done += n;
        }
        return done;
    }

    /** Skips {@code len} bytes; false when the stream ends first. */
    boolean skip(long len) throws IOException {
        long left = len;
        while (left > 0) {
            int want = (int) Math.min(left, CHUNK);
            int n = ensure(want);
            consume(n);
            left -= n;
            if (n < want) {
                return false;
            }
        }
        return true;
    }
}
