package dev.stampededoctor.detectors.resp;

import java.nio.charset.StandardCharsets;

/**
 * How long a blocking command (BLPOP, XREAD BLOCK, WAIT…) may hold its reply back. While a
 * connection is unpaired, a reply after such a command may be its, late, rather than the reply of
 * a request sent since: pairing does not resume before its timeout has passed.
 */
final class BlockingCommands {
    private static final byte[] BLOCK = "BLOCK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAMS = "STREAMS".getBytes(StandardCharsets.US_ASCII);

    private BlockingCommands() {
    }

    /**
     * Until when (capture microseconds) a reply of {@code args}, sent at {@code sentAt}, may be held
     * back: {@code sentAt} for a command that does not block, {@code Long.MAX_VALUE} for one that
     * may block for ever (a timeout of 0, or one that cannot be read).
     */
    static long holdsRepliesUntil(Verb verb, RequestArgs args, long sentAt) {
        double seconds;
        switch (verb) {
            case BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN, BZPOPMAX -> seconds = number(args, args.count - 1);
            case BLMPOP, BZMPOP -> seconds = number(args, 1);
            case WAIT, WAITAOF -> seconds = number(args, args.count - 1) / 1000;
            case XREAD, XREADGROUP -> {
                int at = -1;
                for (int i = 1; i + 1 < args.count && !args.is(i, STREAMS); i++) { // keys follow STREAMS
                    if (args.is(i, BLOCK)) {
                        at = i + 1;
                        break;
                    }
                }
                if (at < 0) {
                    return sentAt; // no BLOCK: answered at once
                }
                seconds = number(args, at) / 1000;
            }
            default -> {
                return sentAt;
            }
        }
        if (!(seconds > 0) || seconds > 86_400 * 365) {
            return Long.MAX_VALUE; // 0 (for ever), or no number
        }
        return sentAt + (long) (seconds * 1_000_000) + 1;
    }

    private static double number(RequestArgs args, int i) {
        if (i < 1 || i >= args.count || args.lengths[i] > 32) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(new String(args.arena, args.offsets[i], args.lengths[i], StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
