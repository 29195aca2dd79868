package dev.stampededoctor.cli.input;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * Ends the stream, instead of failing it, where a compressed capture is cut short or damaged,
 * and remembers why. A capture piped through gzip and stopped with Ctrl-C ends mid-block; the
 * lines before that are still worth a report.
 */
final class EndTolerantInputStream extends FilterInputStream {
    private String endedEarly;

    EndTolerantInputStream(InputStream in) {
        super(in);
    }

    /** Why the stream ended before its proper end, or null if it did not. */
    String endedEarly() {
        return endedEarly;
    }

    @Override
    public int read() throws IOException {
        if (endedEarly != null) {
            return -1;
        }
        try {
            return super.read();
        } catch (EOFException | ZipException e) {
            endedEarly = describe(e);
            return -1;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (endedEarly != null) {
            return -1;
        }
        try {
            return super.read(b, off, len);
        } catch (EOFException | ZipException e) {
            endedEarly = describe(e);
            return -1;
        }
    }

    private static String describe(IOException e) {
        // EOFException comes without a message: the stream ended inside a block or its trailer.
        String why = e.getMessage() == null ? "it ends inside a block or before its trailer" : e.getMessage();
        return "the gzip stream is cut short or damaged (" + why + ")";
    }
}
