package dev.stampededoctor.detectors.resp;

import dev.stampededoctor.detectors.keys.Words;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The command names the wire reader acts on: those that change how a connection is read
 * (SELECT, MULTI, MONITOR, HELLO…) and the reads whose replies it interprets. Found once per
 * request, two words compared among the few names of the same length, so that pairing and
 * reply reading test an enum instead of comparing the name byte by byte against each in turn:
 * those chains of comparisons were the largest methods C2 compiled for a packet capture, and it
 * compiled them twice (once more when the traffic turned from SETs to GETs).
 */
enum Verb {
    AUTH, HELLO, SELECT, MULTI, EXEC, DISCARD, MONITOR, SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, UNSUBSCRIBE, PUNSUBSCRIBE,
    SUNSUBSCRIBE, RESET, CLIENT,
    GET, GETEX, GETDEL, GETSET, SET, HGET, HMGET, HGETALL, HKEYS, HVALS, HLEN, MGET, EXISTS,
    /** Not read for what they say of a key; their replies' types tell a pairing gone wrong ({@link ReadReplies#fits}). */
    DEL, UNLINK, INCR, EXPIRE, PEXPIRE, SETEX, TTL, PTTL,
    /** Blocking: their replies may come late ({@link BlockingCommands}). */
    BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN, BZPOPMAX, BLMPOP, BZMPOP, WAIT, WAITAOF, XREAD, XREADGROUP,
    /** Writes whose values a snap length may cut ({@link #isValue}). */
    SETNX, APPEND, PSETEX, HSET, HMSET, HSETNX, MSET, MSETNX,
    /** Any other name, or none. */
    OTHER;

    private static final int MAX_LENGTH = 16;
    /** Per name length, the verbs of that length. */
    private static final Verb[][] BY_LENGTH = new Verb[MAX_LENGTH + 1][];

    static {
        List<List<Verb>> lists = new ArrayList<>();
        for (int len = 0; len <= MAX_LENGTH; len++) {
            lists.add(new ArrayList<>());
        }
        for (Verb v : values()) {
            if (v != OTHER) {
                lists.get(v.length).add(v);
            }
        }
        for (int len = 0; len <= MAX_LENGTH; len++) {
            BY_LENGTH[len] = lists.get(len).toArray(new Verb[0]);
        }
    }

    private final int length;
    private final long low;
    private final long high;

    Verb() {
        byte[] name = name().getBytes(StandardCharsets.US_ASCII);
        this.length = name.length;
        this.low = Words.load(name, 0, Math.min(name.length, 8));
        this.high = name.length > 8 ? Words.load(name, 8, name.length - 8) : 0;
    }

    /** The verb named by {@code buf[off, off + len)} in any letter case; {@link #OTHER} for any other name. */
    static Verb of(byte[] buf, int off, int len) {
        if (len == 0 || len > MAX_LENGTH) {
            return OTHER;
        }
        long low = Words.upperAscii(Words.load(buf, off, Math.min(len, 8)));
        long high = len > 8 ? Words.upperAscii(Words.load(buf, off + 8, len - 8)) : 0;
        for (Verb v : BY_LENGTH[len]) {
            if (v.low == low && v.high == high) {
                return v;
            }
        }
        return OTHER;
    }

    /** The verb of a request: its first argument's. */
    static Verb of(RequestArgs args) {
        return args.count == 0 ? OTHER : of(args.arena, args.offsets[0], args.lengths[0]);
    }

    /**
     * Whether argument {@code index} of a request of this verb is a value written, never a key:
     * the one argument whose tail may be lost (a snap length) with the command still what it was.
     */
    boolean isValue(int index) {
        return switch (this) {
            case SET, GETSET, SETNX, APPEND -> index == 2;
            case SETEX, PSETEX -> index == 3;
            case HSET, HMSET, HSETNX -> index >= 3 && index % 2 == 1;
            case MSET, MSETNX -> index >= 2 && index % 2 == 0;
            default -> false;
        };
    }
}
