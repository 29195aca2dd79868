package dev.stampededoctor.cli.jitter;

import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisError;
import dev.stampededoctor.cli.redis.RedisReplyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    private final RedisConnection connection;
    private final byte[] sha;
    private final byte[] tolerance;

    private TtlGuard(RedisConnection connection, byte[] sha, long toleranceMillis) {
        this.connection = connection;
        this.sha = sha;
        this.tolerance = ascii(toleranceMillis);
    }

    /** Loads the script (SCRIPT LOAD) on this connection's server. */
    public static TtlGuard load(RedisConnection c, long toleranceMillis) throws IOException {
        String sha = c.callForText("SCRIPT", "LOAD", SCRIPT);
        return new TtlGuard(c, sha.getBytes(StandardCharsets.US_ASCII), toleranceMillis);
    }

    /** Queues the guarded change; {@link #results} reads the outcomes after a flush. */
    public void send(byte[] key, long expectedTtlMillis, long newTtlMillis) {
        connection.send(EVALSHA, sha, ONE, key, ascii(expectedTtlMillis), ascii(Math.max(1, newTtlMillis)), tolerance);
    }

    /**
     * {@link #send} for undo: a key whose TTL is neither the expected one nor, within the
     * tolerance, {@code untouchedTtlMillis} (where it would be had apply never changed it) is
     * {@link Outcome#MOVED}; one on the untouched course is {@link Outcome#NEVER_CHANGED}.
     */
    public void sendRestore(byte[] key, long expectedTtlMillis, long newTtlMillis, long untouchedTtlMillis) {
        connection.send(EVALSHA, sha, ONE, key, ascii(expectedTtlMillis), ascii(Math.max(1, newTtlMillis)), tolerance,
                ascii(untouchedTtlMillis));
    }

    /** Sends what was queued and reads {@code n} outcomes. */
    public Outcome[] results(int n) throws IOException {
        connection.flush();
        Outcome[] out = new Outcome[n];
        IOException failure = null;
        for (int i = 0; i < n; i++) {
            Object reply = connection.read();
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

    /** Switches the connection's db. */
    public void select(int db) throws IOException {
        connection.call("SELECT", String.valueOf(db));
    }

    private static String describe(Object reply) {
        return reply instanceof List<?> ? "(array)" : String.valueOf(reply);
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
