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

    private record Chunk(byte[] bytes, int length, IOException failure) {
        boolean isEnd() {
            return length < 0;
        }
    }

    private final InputStream in;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final Thread reader;
    private Chunk current;
    private int position;
    private boolean ended;

    ReadAheadInputStream(InputStream in) {
        this.in = in;
        for (int i = 0; i < CHUNKS + 1; i++) {
            free.add(new byte[CHUNK]);
        }
        reader = new Thread(this::readAhead, "read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAhead() {
        try {
            while (true) {
                byte[] buf = free.take();
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
