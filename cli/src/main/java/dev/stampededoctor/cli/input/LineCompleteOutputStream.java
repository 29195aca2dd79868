package dev.stampededoctor.cli.input;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered stream that, when its buffer fills, writes only up to the last newline in it and
 * keeps the rest: a process killed at any moment leaves a file of whole lines (but a line longer
 * than the buffer, written as it comes). {@link #flush} and {@link #close} write everything.
 */
public final class LineCompleteOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] buf;
    private int count;

    public LineCompleteOutputStream(OutputStream out, int size) {
        this.out = out;
        this.buf = new byte[size];
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buf.length) {
            drainWholeLines();
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void drainWholeLines() throws IOException {
        int end = count;
        while (end > 0 && buf[end - 1] != '\n') {
            end--;
        }
        if (end == 0) {
            end = count; // one line fills the buffer: it goes out as it is
        }
        out.write(buf, 0, end);
        System.arraycopy(buf, end, buf, 0, count - end);
        count -= end;
    }

    @Override
    public void flush() throws IOException {
        out.write(buf, 0, count);
        count = 0;
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
