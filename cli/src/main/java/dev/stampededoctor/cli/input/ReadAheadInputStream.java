package dev.stampededoctor.cli.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads (and, for gzip, decompresses) the underlying stream on a thread of its own, a few chunks
 * ahead of the parser, so that the system-call copies and the inflater overlap with parsing.
 * Memory is bounded by {@code CHUNKS} chunks in flight.
 */
final class ReadAheadInputStream extends InputStream {
    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 4;
    private static final int MIN_CHUNK = 16 * 1024;

    private record Chunk(byte[] bytes, int length, IOException failure) {
        boolean isEnd() {
            return length < 0;
        }
    }

    private final InputStream in;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS + 1);
    /** Bytes per chunk: {@link #CHUNK}, or less for a file known to be smaller. */
    private final int chunkBytes;
    /** Chunks made so far (by the reading thread): made as needed, so a small file takes one or two. */
    private int chunksMade;
    private final Thread reader;
    private Chunk current;
    private int position;
    private boolean ended;

    ReadAheadInputStream(InputStream in) {
        this(in, -1);
    }

    /**
     * {@code sizeHint}: the stream's length when known (a plain file), else -1. A short capture then
     * gets chunks of its own size, not five of a MiB to allocate and clear: a few milliseconds of
     * a small analyze, which opens its input twice.
     */
    ReadAheadInputStream(InputStream in, long sizeHint) {
        this.in = in;
        this.chunkBytes = sizeHint < 0 ? CHUNK : (int) Math.max(MIN_CHUNK, Math.min(CHUNK, sizeHint + 1));
        reader = new Thread(this::readAhead, "read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAhead() {
        try {
            while (true) {
                byte[] buf = free.poll();
                if (buf == null && chunksMade < CHUNKS + 1) {
                    chunksMade++;
                    buf = new byte[chunkBytes];
                } else if (buf == null) {
                    buf = free.take();
                }
                int n;
                try {
                    n = in.readNBytes(buf, 0, buf.length);
                } catch (IOException e) {
                    filled.put(new Chunk(null, -1, e));
                    return;
                }
                if (n == 0) {
                    filled.put(new Chunk(null, -1, null));
                    return;
                }
                filled.put(new Chunk(buf, n, null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

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
        if (!advance()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        return n;
    }

    /** Makes {@code current} a chunk with bytes left; false at the end of the stream. */
    private boolean advance() throws IOException {
        if (ended) {
            return false;
        }
        if (current != null && position < current.length()) {
            return true;
        }
        if (current != null) {
            free.add(current.bytes());
            current = null;
        }
        Chunk next;
        try {
            next = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading input");
        }
        if (next.isEnd()) {
            ended = true;
            if (next.failure() != null) {
                throw next.failure();
            }
            return false;
        }
        current = next;
        position = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        in.close();
    }
}
