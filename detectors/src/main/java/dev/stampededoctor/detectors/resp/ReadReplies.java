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
    private static final byte[] GETEX = bytes("GETEX");
    private static final byte[] GETDEL = bytes("GETDEL");
    private static final byte[] GETSET = bytes("GETSET");
    private static final byte[] HGET = bytes("HGET");
    private static final byte[] HMGET = bytes("HMGET");
    private static final byte[] HGETALL = bytes("HGETALL");
    private static final byte[] HKEYS = bytes("HKEYS");
    private static final byte[] HVALS = bytes("HVALS");
    private static final byte[] HLEN = bytes("HLEN");
    private static final byte[] MGET = bytes("MGET");
    private static final byte[] EXISTS = bytes("EXISTS");
    private static final byte[] SET = bytes("SET");

    private ReadReplies() {
    }

    static byte[] interpret(PendingCommand c, ReplyShape r) {
        byte[] kinds = new byte[c.count];
        if (r.type == ReplyShape.Type.ERROR) {
            java.util.Arrays.fill(kinds, ERROR);
            return kinds;
        }
        if (c.count < 2) {
            return kinds;
        }
        if (c.is(0, GET) || c.is(0, GETEX) || c.is(0, GETDEL) || c.is(0, GETSET) || c.is(0, HGET)
                || (c.is(0, SET) && setWithGet(c))) {
            kinds[1] = r.type == ReplyShape.Type.NIL ? MISS : HIT;
        } else if (c.is(0, HGETALL) || c.is(0, HKEYS) || c.is(0, HVALS)) {
            kinds[1] = r.type == ReplyShape.Type.NIL || (r.type == ReplyShape.Type.AGGREGATE && r.elements == 0)
                    ? MISS : HIT;
        } else if (c.is(0, HLEN)) {
            kinds[1] = r.type == ReplyShape.Type.INTEGER && r.integer == 0 ? MISS : HIT;
        } else if (c.is(0, HMGET)) {
            // Every field nil: the hash is not there (or holds none of them, which a cache-aside
            // reader treats the same).
            kinds[1] = allNil(r, c.count - 2) ? MISS : HIT;
        } else if (c.is(0, MGET) && r.type == ReplyShape.Type.AGGREGATE && r.elements == c.count - 1) {
            for (int i = 1; i < c.count; i++) {
                Boolean nil = r.elementNil(i - 1);
                kinds[i] = nil == null ? 0 : nil ? MISS : HIT;
            }
        } else if (c.is(0, EXISTS) && r.type == ReplyShape.Type.INTEGER) {
            // Per key only when the count leaves no doubt: none, or all of them.
            if (r.integer == 0 || r.integer == c.count - 1) {
                java.util.Arrays.fill(kinds, 1, c.count, r.integer == 0 ? MISS : HIT);
            }
        }
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
