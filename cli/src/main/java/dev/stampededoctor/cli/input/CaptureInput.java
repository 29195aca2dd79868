package dev.stampededoctor.cli.input;

import dev.stampededoctor.cli.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.stampededoctor.detectors.source.CaptureFormat;
import dev.stampededoctor.detectors.source.CaptureSpan;

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
    /** Stdin's first bytes, read by {@link #span} and given again by {@link #open}; null when not read. */
    private byte[] stdinHead;

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
        InputStream source = path != null ? Files.newInputStream(path) : stdinHead == null ? System.in
                : new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(stdinHead), System.in);
        raw = new CountingInputStream(source);
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
        return new ReadAheadInputStream(in, path != null && Files.isRegularFile(path) ? Files.size(path) : -1);
    }

    /**
     * The time the input covers, told cheaply ({@link CaptureSpan}): its first timestamp from its
     * first {@value CaptureSpan#HEAD_BYTES} bytes (decompressed), and for a plain MONITOR file its last
     * from its last {@value CaptureSpan#TAIL_BYTES}. A gzip file or stdin (whose end costs reading it
     * all) has only the look's last timestamp as a lower bound of its end. Stdin's bytes read here
     * are given again by {@link #open}.
     */
    public CaptureSpan span(java.util.function.IntPredicate serverPorts) {
        try {
            if (path == null) {
                stdinHead = System.in.readNBytes(CaptureSpan.HEAD_BYTES);
                byte[] look = decompressed(stdinHead);
                boolean whole = stdinHead.length < CaptureSpan.HEAD_BYTES && !isGzip(stdinHead);
                return CaptureSpan.ofHead(look, look.length, whole, serverPorts);
            }
            byte[] head;
            boolean whole;
            boolean gzipped;
            try (InputStream in = Files.newInputStream(path)) {
                PushbackInputStream p = new PushbackInputStream(in, 2);
                byte[] magic = p.readNBytes(2);
                p.unread(magic);
                gzipped = isGzip(magic);
                InputStream body = gzipped ? new java.util.zip.GZIPInputStream(p) : p;
                head = body.readNBytes(CaptureSpan.HEAD_BYTES);
                whole = head.length < CaptureSpan.HEAD_BYTES || body.read() < 0;
            }
            CaptureSpan span = CaptureSpan.ofHead(head, head.length, whole, serverPorts);
            CaptureFormat format = CaptureFormat.of(head, head.length);
            if (gzipped || whole || !span.known()
                    || format != CaptureFormat.MONITOR_TEXT && format != CaptureFormat.KEY_EVENTS) {
                return span;
            }
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path)) {
                long size = channel.size();
                int length = (int) Math.min(size, CaptureSpan.TAIL_BYTES);
                java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(length);
                long at = size - length;
                while (tail.hasRemaining() && channel.read(tail, at + tail.position()) >= 0) {
                    // reads until the buffer is full
                }
                return span.withTail(tail.array(), tail.position(), at == 0);
            }
        } catch (IOException | RuntimeException e) {
            return CaptureSpan.UNKNOWN; // read in full later, where a problem is reported
        }
    }

    private static boolean isGzip(byte[] head) {
        return head.length >= 2 && (head[0] & 0xff) == GZIP_MAGIC_1 && (head[1] & 0xff) == GZIP_MAGIC_2;
    }

    /** Gzip bytes decompressed as far as they go (a cut stream gives what it has). */
    private static byte[] decompressed(byte[] bytes) {
        if (!isGzip(bytes)) {
            return bytes;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte[] buf = new byte[8192];
            for (int n; out.size() < CaptureSpan.HEAD_BYTES && (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // a stream cut by the look: what came before is enough
        }
        return out.toByteArray();
    }
}
