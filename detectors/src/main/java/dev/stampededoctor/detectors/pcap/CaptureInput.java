package dev.stampededoctor.detectors.pcap;

import java.io.IOException;
import java.io.InputStream;

/**
 * The capture's byte stream with its position (for error messages) and one growing record
 * buffer, so reading a file of any size keeps to the size of its largest accepted record.
 */
final class CaptureInput {
    private static final int FIRST_BUFFER = 64 * 1024;

    private final InputStream in;
    private long offset;
    private byte[] buffer = new byte[FIRST_BUFFER];
    private byte[] scratch;

    CaptureInput(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far. */
    long offset() {
        return offset;
    }

    /** The record buffer, at least {@code size} bytes long; earlier contents kept. */
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
            int n = in.read(dst, off + done, len - done);
            if (n < 0) {
                break;
            }
            done += n;
            offset += n;
        }
        return done;
    }

    /** Skips {@code len} bytes by reading them (skip() is unreliable on some streams); false at EOF. */
    boolean skip(long len) throws IOException {
        if (scratch == null) {
            scratch = new byte[8192];
        }
        long left = len;
        while (left > 0) {
            int want = (int) Math.min(left, scratch.length);
            int n = read(scratch, 0, want);
            left -= n;
            if (n < want) {
                return false;
            }
        }
        return true;
    }
}
