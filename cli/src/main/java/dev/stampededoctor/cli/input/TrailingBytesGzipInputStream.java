package dev.stampededoctor.cli.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A gzip stream that notices bytes after its last member. {@link GZIPInputStream} reads
 * concatenated members (as {@code gzip -c a b} or a rotated log appended to writes them) but ends
 * without a word where what follows a member is not another one; a capture with a plain-text tail
 * appended would lose that tail silently.
 *
 * <p>How it counts: at the end, the inflater still holds what followed the last member's data in
 * the buffer (its 8-byte trailer first); bytes taken from the source outside {@link #fill()} since
 * the last fill are the rest of that trailer and the header {@code GZIPInputStream} tried to read
 * for a next member; whatever the source still has comes after. Only the last of these is read
 * here, and at most {@link #LOOK_AHEAD} of it, so a never-ending pipe cannot hold us.
 */
final class TrailingBytesGzipInputStream extends GZIPInputStream {
    private static final int TRAILER = 8;
    static final int LOOK_AHEAD = 1 << 20;

    private final CountingInputStream source;
    private long takenAtLastFill;
    private boolean ended;
    private long trailing;
    private boolean moreThan;

    private TrailingBytesGzipInputStream(CountingInputStream source) throws IOException {
        super(source, 1 << 16);
        this.source = source;
    }

    static TrailingBytesGzipInputStream over(InputStream in) throws IOException {
        return new TrailingBytesGzipInputStream(new CountingInputStream(in));
    }

    @Override
    protected void fill() throws IOException {
        super.fill();
        takenAtLastFill = source.count();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0 && !ended) {
            ended = true;
            countTrailing();
        }
        return n;
    }

    private void countTrailing() throws IOException {
        int remaining = inf.getRemaining();
        long inBuffer = Math.max(0, remaining - TRAILER);
        long outsideFill = source.count() - takenAtLastFill - Math.max(0, TRAILER - remaining);
        long after = 0;
        byte[] skip = new byte[8192];
        for (int r; after < LOOK_AHEAD && (r = source.read(skip, 0, (int) Math.min(skip.length, LOOK_AHEAD - after))) > 0; ) {
            after += r;
        }
        moreThan = after >= LOOK_AHEAD;
        trailing = inBuffer + Math.max(0, outsideFill) + after;
    }

    /** Why the file holds more than the gzip stream gave, once it was read to its end; else null. */
    String trailingBytes() {
        if (!ended || trailing == 0) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "the gzip stream ends before the file does: %s%,d byte(s) after it"
                + " are not gzip and were not read", moreThan ? "more than " : "", trailing);
    }
}
