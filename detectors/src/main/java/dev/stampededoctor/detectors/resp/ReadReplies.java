package dev.stampededoctor.detectors.resp;

import java.nio.charset.StandardCharsets;

/**
 * What a reply says of each key a read asked for: a nil GET is a miss, a value a hit; MGET tells
 * per key; an empty HGETALL or SMEMBERS is a miss. Only the reads the cache model counts
 * ({@code CommandModel}) are interpreted; other commands keep {@link ReplyKind#NONE}, except that
 * an error reply marks every argument {@link ReplyKind#ERROR}.
 */
final class ReadReplies {
    private static final byte MISS = (byte) ReplyKind.MISS.ordinal();
    private static final byte HIT = (byte) ReplyKind.HIT.ordinal();
    private static final byte ERROR = (byte) ReplyKind.ERROR.ordinal();

    private static final byte[] GET = bytes("GET");
    /** Every argument {@link ReplyKind#NONE}: a line's reply kinds past the array's end are NONE. */
    private static final byte[] NOTHING_TOLD = new byte[0];

    private ReadReplies() {
    }

    /** Per argument of {@code c}, a {@link ReplyKind} ordinal; an empty array when the reply tells nothing of any. */
    static byte[] interpret(PendingCommand c, ReplyShape r) {
        if (r.type == ReplyShape.Type.ERROR) {
            byte[] kinds = new byte[c.count];
            java.util.Arrays.fill(kinds, ERROR);
            return kinds;
        }
        if (c.count < 2) {
            return NOTHING_TOLD;
        }
        byte first;
        switch (c.verb) {
            case GET, GETEX, GETDEL, GETSET, HGET -> first = r.type == ReplyShape.Type.NIL ? MISS : HIT;
            case SET -> {
                if (!setWithGet(c)) {
                    return NOTHING_TOLD;
                }
                first = r.type == ReplyShape.Type.NIL ? MISS : HIT;
            }
            case HGETALL, HKEYS, HVALS -> first = r.type == ReplyShape.Type.NIL
                    || (r.type == ReplyShape.Type.AGGREGATE && r.elements == 0) ? MISS : HIT;
            case HLEN -> first = r.type == ReplyShape.Type.INTEGER && r.integer == 0 ? MISS : HIT;
            // Every field nil: the hash is not there (or holds none of them, which a cache-aside
            // reader treats the same).
            case HMGET -> {
                if (r.type == ReplyShape.Type.AGGREGATE && r.elementsSeen < c.count - 2) {
                    return NOTHING_TOLD; // an EXEC's element: its fields' nils are not known
                }
                first = allNil(r, c.count - 2) ? MISS : HIT;
            }
            case MGET -> {
                return perKey(c, r);
            }
            case EXISTS -> {
                return existence(c, r);
            }
            default -> {
                return NOTHING_TOLD;
            }
        }
        byte[] kinds = new byte[2];
        kinds[1] = first;
        return kinds;
    }

    /**
     * Whether a reply of {@code r}'s type can be {@code c}'s: a GET answered +OK or an integer, a
     * DEL answered a value, is another command's reply, and the pairing is off (a capture begun
     * with requests in flight, a reply lost unseen). An error or a type of RESP3's rarer ones
     * fits any command.
     */
    static boolean fits(PendingCommand c, ReplyShape r) {
        ReplyShape.Type t = r.type;
        if (t == ReplyShape.Type.ERROR || t == ReplyShape.Type.OTHER) {
            return true;
        }
        return switch (c.verb) {
            case GET, GETEX, GETDEL, GETSET, HGET -> t == ReplyShape.Type.BULK || t == ReplyShape.Type.NIL && !r.nilAggregate;
            case SET -> t == ReplyShape.Type.SIMPLE || t == ReplyShape.Type.NIL && !r.nilAggregate
                    || t == ReplyShape.Type.BULK;
            case SETEX -> t == ReplyShape.Type.SIMPLE;
            case MGET, HMGET, HGETALL, HKEYS, HVALS -> t == ReplyShape.Type.AGGREGATE;
            case HLEN, EXISTS, DEL, UNLINK, INCR, EXPIRE, PEXPIRE, TTL, PTTL -> t == ReplyShape.Type.INTEGER;
            default -> true;
        };
    }

    private static byte[] perKey(PendingCommand c, ReplyShape r) {
        if (r.type != ReplyShape.Type.AGGREGATE || r.elements != c.count - 1) {
            return NOTHING_TOLD;
        }
        byte[] kinds = new byte[c.count];
        for (int i = 1; i < c.count; i++) {
            Boolean nil = r.elementNil(i - 1);
            kinds[i] = nil == null ? 0 : nil ? MISS : HIT;
        }
        return kinds;
    }

    private static byte[] existence(PendingCommand c, ReplyShape r) {
        // Per key only when the count leaves no doubt: none, or all of them.
        if (r.type != ReplyShape.Type.INTEGER || (r.integer != 0 && r.integer != c.count - 1)) {
            return NOTHING_TOLD;
        }
        byte[] kinds = new byte[c.count];
        java.util.Arrays.fill(kinds, 1, c.count, r.integer == 0 ? MISS : HIT);
        return kinds;
    }

    private static boolean setWithGet(PendingCommand c) {
        for (int i = 3; i < c.count; i++) {
            if (c.is(i, GET)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allNil(ReplyShape r, int fields) {
        if (r.type != ReplyShape.Type.AGGREGATE || r.elements != fields) {
            return false;
        }
        for (int i = 0; i < fields; i++) {
            if (!Boolean.TRUE.equals(r.elementNil(i))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
