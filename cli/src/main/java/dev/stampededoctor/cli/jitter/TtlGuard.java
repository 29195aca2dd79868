package dev.stampededoctor.cli.jitter;

import dev.stampededoctor.cli.redis.RedisError;
import dev.stampededoctor.cli.redis.RedisReplyException;
import dev.stampededoctor.cli.redis.cluster.SlotRouter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets a key's TTL only if the key still exists, still has a TTL, and that TTL is still what we
 * expect within a tolerance: one Lua script, so nothing can happen between the check and the
 * change. It therefore never gives a persistent key a TTL, never deletes or resurrects a key (the
 * new TTL is at least 1 ms and only applied to a live key), and leaves alone any key a writer
 * changed since we read it.
 *
 * <p>Undo also passes the TTL the key would have if apply had never touched it: a key still on
 * that course was journalled but never sent (apply stopped between the two), which is not a
 * writer's change and is told apart.
 */
public final class TtlGuard {
    static final String SCRIPT = String.join("\n",
            "local t = redis.call('PTTL', KEYS[1])",
            "if t < 0 then return t end",
            "if math.abs(t - tonumber(ARGV[1])) > tonumber(ARGV[3]) then",
            "  if ARGV[4] and math.abs(t - tonumber(ARGV[4])) <= tonumber(ARGV[3]) then return -4 end",
            "  return -3",
            "end",
            "redis.call('PEXPIRE', KEYS[1], ARGV[2])",
            "return 1");

    /** What the script did to one key. */
    public enum Outcome {
        CHANGED, GONE, PERSISTENT, MOVED, NEVER_CHANGED;

        static Outcome of(long code) {
            return switch ((int) code) {
                case 1 -> CHANGED;
                case -2 -> GONE;
                case -1 -> PERSISTENT;
                case -4 -> NEVER_CHANGED;
                default -> MOVED;
            };
        }
    }

    private static final byte[] EVALSHA = "EVALSHA".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE = "1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA = sha1(SCRIPT);

    private final SlotRouter router;
    private final byte[] tolerance;
    private final List<Change> pending = new ArrayList<>();

    private TtlGuard(SlotRouter router, long toleranceMillis) {
        this.router = router;
        this.tolerance = ascii(toleranceMillis);
    }

    /**
     * Loads the script (SCRIPT LOAD) on every node {@code router} knows, and on any node it
     * connects to later (a slot's new owner) or that answers NOSCRIPT.
     */
    public static TtlGuard load(SlotRouter router, long toleranceMillis) throws IOException {
        router.onEveryNode(c -> c.call("SCRIPT", "LOAD", SCRIPT));
        return new TtlGuard(router, toleranceMillis);
    }

    /**
     * One guarded change, its TTLs as of {@code sinceNanos}: each try sends them less the time
     * since, so that a command sent again after a redirect (and a backoff) still means what the
     * journal says.
     */
    private record Change(byte[] key, long expected, long next, long untouched, boolean restore, long sinceNanos,
            byte[] tolerance) implements SlotRouter.Command {
        @Override
        public byte[][] args() {
            long elapsed = Math.max(0, (System.nanoTime() - sinceNanos) / 1_000_000);
            byte[] expectedNow = ascii(expected - elapsed);
            byte[] nextNow = ascii(Math.max(1, next - elapsed));
            return restore
                    ? new byte[][] {EVALSHA, SHA, ONE, key, expectedNow, nextNow, tolerance, ascii(untouched - elapsed)}
                    : new byte[][] {EVALSHA, SHA, ONE, key, expectedNow, nextNow, tolerance};
        }
    }

    /**
     * Queues the guarded change of a key whose TTL was {@code expectedTtlMillis} at
     * {@code asOfNanos} ({@link System#nanoTime}) to {@code newTtlMillis} as of then;
     * {@link #results} sends it and reads the outcomes.
     */
    public void send(byte[] key, long expectedTtlMillis, long newTtlMillis, long asOfNanos) {
        pending.add(new Change(key, expectedTtlMillis, newTtlMillis, 0, false, asOfNanos, tolerance));
    }

    /**
     * {@link #send} for undo: a key whose TTL is neither the expected one nor, within the
     * tolerance, {@code untouchedTtlMillis} (where it would be had apply never changed it) is
     * {@link Outcome#MOVED}; one on the untouched course is {@link Outcome#NEVER_CHANGED}.
     */
    public void sendRestore(byte[] key, long expectedTtlMillis, long newTtlMillis, long untouchedTtlMillis,
            long asOfNanos) {
        pending.add(new Change(key, expectedTtlMillis, newTtlMillis, untouchedTtlMillis, true, asOfNanos, tolerance));
    }

    /**
     * Sends what was queued, each change to its key's node (pipelined per node, redirects
     * followed), and reads {@code n} outcomes, in the order queued.
     */
    public Outcome[] results(int n) throws IOException {
        if (n != pending.size()) {
            throw new IllegalStateException(n + " outcomes asked for, " + pending.size() + " changes queued");
        }
        List<Change> batch = new ArrayList<>(pending);
        pending.clear();
        Object[] replies = router.run(batch);
        Outcome[] out = new Outcome[n];
        IOException failure = null;
        for (int i = 0; i < n; i++) {
            Object reply = replies[i];
            if (reply instanceof Long code) {
                out[i] = Outcome.of(code);
            } else if (failure == null) {
                failure = new RedisReplyException("EVALSHA",
                        reply instanceof RedisError e ? e.message() : "unexpected answer " + describe(reply));
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /** Switches the one server's db (not on a cluster: it has only db 0). */
    public void select(int db) throws IOException {
        router.select(db);
    }

    private static String describe(Object reply) {
        return reply instanceof List<?> ? "(array)" : String.valueOf(reply);
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    /** The script's SHA-1 in hex, as SCRIPT LOAD answers it. */
    private static byte[] sha1(String script) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d).getBytes(StandardCharsets.US_ASCII);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
