package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.command.CommandType;
import java.util.HashMap;
import java.util.Map;

/**
 * One miss episode on one key, from its trigger until the refill and the rebuilds that were in
 * flight when it landed have written back. Mutable while open; read by the report once closed.
 *
 * <p>A fill counts as a rebuild unless the same client already filled the key in this episode
 * and has not missed since: a MULTI of HSET…EXPIRE, or pipelined HSETs, is one rebuild, while a
 * pooled connection that misses again and rebuilds again is two.
 */
public final class Episode {
    /** Timeline resolution and length: 100 ms buckets, ten seconds from the trigger. */
    public static final int BUCKET_MICROS = 100_000;
    public static final int BUCKETS = 100;
    private static final long MIN_REBUILD_MICROS = 1_000;
    private static final long MAX_REBUILD_MICROS = 10_000_000;
    private static final long SETTLE_MICROS = 100_000;

    final int keyId;
    final int db;
    final byte[] key;
    final int patternId;
    final TriggerKind triggerKind;
    final CommandType triggerCommand;
    final long triggerAt;
    final int triggerClient;
    final boolean triggerFromScript;

    long firstMissAt = -1;
    long lastMissAt = -1;
    long firstFillAt = -1;
    long lastEventAt;
    long closeAt = Long.MAX_VALUE;
    long refillTtlMicros = -1;
    /** For a TTL trigger: the TTL that ran out (µs), 0 when the capture did not show it set. */
    long expiredTtlMicros;
    /** Reads per second of the key between its fill and the trigger; NaN when not in the capture. */
    float readRateBefore = Float.NaN;
    int misses;
    int rebuilds;
    int hits;
    int missersBeforeRefill;
    int lockAttempts;
    /** Per client: last miss, last fill (µs; -1 none). */
    final Map<Integer, long[]> clients = new HashMap<>();
    /** reads (hits), misses and fills per bucket, interleaved. */
    final int[] timeline = new int[BUCKETS * 3];

    Episode(int keyId, int db, byte[] key, int patternId, TriggerKind triggerKind, CommandType triggerCommand,
            long triggerAt, int triggerClient, boolean triggerFromScript) {
        this.keyId = keyId;
        this.db = db;
        this.key = key;
        this.patternId = patternId;
        this.triggerKind = triggerKind;
        this.triggerCommand = triggerCommand;
        this.triggerAt = triggerAt;
        this.triggerClient = triggerClient;
        this.triggerFromScript = triggerFromScript;
        this.lastEventAt = triggerAt;
    }

    void miss(long at, int client) {
        misses++;
        if (firstMissAt < 0) {
            firstMissAt = at;
        }
        lastMissAt = at;
        lastEventAt = at;
        long[] c = clients.computeIfAbsent(client, k -> new long[] {-1, -1});
        if (firstFillAt < 0 && c[0] < 0) {
            missersBeforeRefill++;
        }
        c[0] = at;
        count(at, 1);
    }

    /**
     * A read of a key whose state was not yet known, found to be a miss when a reader filled the
     * key soon after: the episode starts there.
     */
    void unknownMiss(long at, int reader) {
        misses++;
        firstMissAt = at;
        lastMissAt = at;
        lastEventAt = at;
        clients.put(reader, new long[] {at, -1});
        missersBeforeRefill = 1;
        count(at, 1);
    }

    void hit(long at) {
        hits++;
        count(at, 0);
    }

    /** A fill of the key by {@code client}; {@code ttlMicros} is the TTL it set, or -1. */
    void fill(long at, int client, long ttlMicros) {
        lastEventAt = at;
        long[] c = clients.computeIfAbsent(client, k -> new long[] {-1, -1});
        boolean sameRebuild = c[1] >= 0 && c[1] >= c[0];
        c[1] = at;
        if (!sameRebuild) {
            rebuilds++;
        }
        count(at, 2);
        if (firstFillAt < 0) {
            firstFillAt = at;
            refillTtlMicros = ttlMicros;
            // Rebuilds started before the refill landed write back about one rebuild time after
            // their miss: keep counting their fills until then, with some slack.
            long rebuild = Math.max(MIN_REBUILD_MICROS, Math.min(MAX_REBUILD_MICROS, at - firstMissAt));
            closeAt = lastMissAt + 2 * rebuild + SETTLE_MICROS;
        }
    }

    /**
     * Whether the key was hot before its trigger: read at least once per rebuild time on average,
     * so that concurrent misses were bound to follow. A key read less often that still collects
     * several concurrent misses met a coincidence of traffic, not a stampede its trigger caused.
     * Unknown (the capture did not show the key before) counts as hot.
     */
    boolean hot() {
        if (Float.isNaN(readRateBefore) || !refilled() || firstMissAt < 0) {
            return true;
        }
        double rebuildSeconds = Math.max(MIN_REBUILD_MICROS, firstFillAt - firstMissAt) / 1e6;
        return readRateBefore * rebuildSeconds >= 1;
    }

    boolean refilled() {
        return firstFillAt >= 0;
    }

    /** The instant the timeline starts: the trigger, or the first miss when the trigger is unknown. */
    long timelineStart() {
        return triggerKind == TriggerKind.UNKNOWN ? firstMissAt : triggerAt;
    }

    private void count(long at, int series) {
        long bucket = (at - timelineStart()) / BUCKET_MICROS;
        if (bucket >= 0 && bucket < BUCKETS) {
            timeline[(int) bucket * 3 + series]++;
        }
    }
}
