package dev.stampededoctor.cli.input;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes through until {@code limit} bytes, then drops the rest and remembers that it did. */
public final class BoundedOutputStream extends FilterOutputStream {
    private final long limit;
    private long written;
    private boolean overflowed;

    public BoundedOutputStream(OutputStream out, long limit) {
        super(out);
        this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (overflowed || written + len > limit) {
            overflowed = true;
            return;
        }
        out.write(b, off, len);
        written += len;
    }

    public boolean overflowed() {
        return overflowed;
    }
}
