package dev.stampededoctor.cli.input;

import dev.stampededoctor.cli.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One capture named on the command line: a file (plain or gzip, told apart by its first bytes,
 * not its name) or {@code -} for stdin.
 */
public final class CaptureInput {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private final String name;
    private final Path path;
    private CountingInputStream raw;
    private EndTolerantInputStream decompressed;
    private TrailingBytesGzipInputStream gzip;

    private CaptureInput(String name, Path path) {
        this.name = name;
        this.path = path;
    }

    /** Checks that the input exists and is readable, so a typo fails before any work is done. */
    public static CaptureInput of(String name) {
        if (name.equals("-")) {
            return new CaptureInput(name, null);
        }
        Path path = Path.of(name);
        if (!Files.exists(path)) {
            throw new UsageException("no such file: " + name);
        }
        if (Files.isDirectory(path)) {
            throw new UsageException("is a directory, not a capture file: " + name);
        }
        if (!Files.isReadable(path)) {
            throw new UsageException("cannot read (permission denied): " + name);
        }
        return new CaptureInput(name, path);
    }

    public String name() {
        return name;
    }

    /** Size on disk, or -1 for stdin. */
    public long size() {
        try {
            return path == null ? -1 : Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Compressed bytes read so far. */
    public long bytesRead() {
        CountingInputStream r = raw;
        return r == null ? 0 : r.count();
    }

    /** Why a gzip input ended before its proper end (after {@link #open} was read to its end), or null. */
    public String endedEarly() {
        if (decompressed == null) {
            return null;
        }
        return decompressed.endedEarly() != null ? decompressed.endedEarly() : gzip.trailingBytes();
    }

    /**
     * Opens the input, decompressing gzip, read ahead on a thread of its own. The caller closes
     * it (closing stdin is harmless).
     */
    public InputStream open() throws IOException {
        raw = new CountingInputStream(path == null ? System.in : Files.newInputStream(path));
        PushbackInputStream in = new PushbackInputStream(raw, 2);
        byte[] head = in.readNBytes(2);
        in.unread(head);
        if (head.length == 2 && (head[0] & 0xff) == GZIP_MAGIC_1 && (head[1] & 0xff) == GZIP_MAGIC_2) {
            try {
                gzip = TrailingBytesGzipInputStream.over(in);
            } catch (java.io.EOFException e) {
                throw new IOException("it starts as gzip but ends inside the gzip header", e);
            } catch (java.util.zip.ZipException e) {
                throw new IOException("it starts as gzip but its header is damaged (" + e.getMessage() + ")", e);
            }
            decompressed = new EndTolerantInputStream(gzip);
            return new ReadAheadInputStream(decompressed);
        }
        return new ReadAheadInputStream(in);
    }
}
