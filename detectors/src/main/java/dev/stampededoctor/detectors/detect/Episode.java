package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.command.CommandType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One miss episode on one key, from its trigger until the refill and the rebuilds that were in
 * flight when it landed have written back. Mutable while open; read by the report once closed.
 *
 * <p>A connection's fills are rebuilds up to the number of its misses not yet answered (see
 * {@link EpisodeConnection}): forty requests multiplexed on one Lettuce connection that miss and
 * refill are forty rebuilds, while one request's MULTI of HSET…EXPIRE, or its pipelined HSETs, is
 * one, and a pooled connection that misses again and rebuilds again is two.
 */
public final class Episode {
    /** Timeline resolution and length: 100 ms buckets, ten seconds from the trigger. */
    public static final int BUCKET_MICROS = 100_000;
    public static final int BUCKETS = 100;
    private static final long MIN_REBUILD_MICROS = 1_000;
    private static final long MAX_REBUILD_MICROS = 10_000_000;
    private static final long SETTLE_MICROS = 100_000;
    /** See {@link #burstUnexplained()}. */
    static final double UNEXPLAINED_BURST = 1e-4;

    final int keyId;
    final int db;
    final byte[] key;
    final int patternId;
    final TriggerKind triggerKind;
    final CommandType triggerCommand;
    final long triggerAt;
    final int triggerClient;
    final boolean triggerFromScript;
    /** An explicit trigger's line ({@code MonitorLine#lineId()}, -1 none) and its text when still at hand. */
    long triggerLine = -1;
    byte[] triggerText;
    /** The input whose line opened the episode ({@code MonitorLine#inputOf}): names the node of a merged capture. */
    int input = -1;
    /** For an unknown trigger: when the capture first showed the key (its first read), µs; else -1. */
    long firstSeenAt = -1;

    long firstMissAt = -1;
    long lastMissAt = -1;
    long firstFillAt = -1;
    long lastEventAt;
    /** Once refilled: when the episode closes (the rebuilds in flight have had time to land). */
    long closeAt;
    /**
     * The longest rebuild seen so far: first miss to first refill, and each client's miss to
     * its own write-back. A saturated backend answers the later rebuilds of a stampede slower
     * than the first, so the episode waits for them by this, not by the first rebuild alone.
     */
    long longestRebuild;
    /** Where the timeline's first bucket starts: the trigger, or for an unknown trigger the earliest miss found. */
    private long origin;
    long refillTtlMicros = -1;
    /** For a TTL trigger: the TTL that ran out (µs), 0 when the capture did not show it set. */
    long expiredTtlMicros;
    /** Reads per second of the key between its fill and the trigger; NaN when not in the capture. */
    float readRateBefore = Float.NaN;
    int misses;
    /** Of {@link #misses}, those the server's reply showed (a packet capture); the rest are inferred. */
    int replyMisses;
    /**
     * Opened by a nil reply on a key the capture showed cached: what removed it is unseen. Its
     * first misses (instant, client) are kept, so that a removal seen just after them (the same
     * turn of Redis's event loop, replied in another order) can take them over.
     */
    boolean unseenRemoval;
    /** Request-to-reply times (µs) of the misses and the fills, from a packet capture: count, sum, worst. */
    long missLatencyCount;
    long missLatencySum;
    long missLatencyMax;
    long fillLatencyCount;
    long fillLatencySum;
    long fillLatencyMax;
    java.util.List<long[]> earlyMisses;
    int rebuilds;
    int hits;
    int missersBeforeRefill;
    /** Misses before the first refill landed (a miss after it is a client that read a key deleted again, or a late reader). */
    int missesBeforeRefill;
    int lockAttempts;
    /** Where this episode stands in {@link CloseQueue}'s heap; -1 when not queued. */
    int queueIndex = -1;
    /** What each client connection that missed or filled did in the episode. */
    final Map<Integer, EpisodeConnection> connections = new HashMap<>();
    /**
     * Reads (hits), misses and fills per bucket, interleaved; null until the episode has more than
     * {@link #EARLY} events. Most episodes of a cold cache warming up are one miss and one fill,
     * and are never reported: they keep those in {@link #early} (instant and series, absolute)
     * instead of 1.2 KB of buckets each.
     */
    private int[] timeline;
    /** Where the episode's misses are counted for the whole capture's timeline; null: nowhere. */
    dev.stampededoctor.detectors.stats.CaptureTimeline captureTimeline;
    private static final int EARLY = 2;
    private final long[] early = new long[EARLY * 2];
    private int earlyCount;

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
        this.origin = triggerAt;
    }

    void miss(long at, int client) {
        misses++;
        if (firstMissAt < 0) {
            firstMissAt = at;
        }
        lastMissAt = at;
        lastEventAt = at;
        EpisodeConnection c = connection(client);
        if (firstFillAt < 0 && !c.missed()) {
            missersBeforeRefill++;
        }
        if (firstFillAt < 0) {
            missesBeforeRefill++;
        }
        c.miss(at);
        count(at, 1);
    }

    /** The connection whose oldest unanswered miss came first; null when no miss is waiting. */
    private EpisodeConnection oldestWaiting() {
        EpisodeConnection oldest = null;
        for (EpisodeConnection c : connections.values()) {
            if (c.waiting() && (oldest == null || c.outstandingSince < oldest.outstandingSince)) {
                oldest = c;
            }
        }
        return oldest;
    }

    private EpisodeConnection connection(int client) {
        return connections.computeIfAbsent(client, k -> new EpisodeConnection());
    }

    /**
     * A read of a key whose state was not yet known, found to be a miss because the same client
     * filled the key soon after. The first one opens the episode; later ones (other readers that
     * filled too) may precede it, and then the episode, its trigger and its timeline start
     * earlier. A client's miss is counted once.
     */
    void unknownMiss(long at, int reader) {
        EpisodeConnection c = connection(reader);
        if (c.missed()) {
            return;
        }
        misses++;
        if (firstMissAt < 0 || at < firstMissAt) {
            if (firstMissAt >= 0) {
                shiftOrigin(at);
            } else {
                origin = at;
            }
            firstMissAt = at;
        }
        lastMissAt = Math.max(lastMissAt, at);
        lastEventAt = Math.max(lastEventAt, at);
        c.miss(at);
        if (firstFillAt < 0 || at < firstFillAt) {
            missersBeforeRefill++;
            missesBeforeRefill++;
        }
        count(at, 1);
    }

    /**
     * A read stamped just before the computed expiry whose client then rebuilt the key: Redis
     * had expired the key already (see {@link dev.stampededoctor.detectors.command.ExpiryClock#LAG_MICROS}). Counted as a
     * miss at the trigger, since it came after the real expiry.
     */
    void lateStampedMiss(long at, int reader) {
        EpisodeConnection c = connection(reader);
        c.earliestLateRead = Math.min(c.earliestLateRead, at);
        if (!c.missed()) {
            unknownMiss(Math.max(at, triggerAt), reader);
            return;
        }
        // Another request on a connection that carries several: a miss of its own.
        long missAt = Math.max(at, triggerAt);
        misses++;
        lastMissAt = Math.max(lastMissAt, missAt);
        lastEventAt = Math.max(lastEventAt, missAt);
        if (firstFillAt < 0 || missAt < firstFillAt) {
            missesBeforeRefill++;
        }
        c.miss(missAt);
        count(missAt, 1);
    }

    /**
     * Whether a fill by {@code client} may follow a read of it stamped just before the expiry that
     * was a miss: it never missed here, or it carries concurrent requests (it had two misses
     * waiting at once) and none of its misses is waiting now. Returns the bound below which such a
     * read must lie (µs; reads already counted lie at or above it), or -1 when none may.
     */
    long lateReadBound(int client) {
        EpisodeConnection c = connections.get(client);
        if (c == null || !c.missed()) {
            return Long.MAX_VALUE;
        }
        return c.maxOutstanding >= 2 && !c.waiting() ? c.earliestLateRead : -1;
    }


    /** Moves the timeline's start back to {@code at}, whole buckets at a time; what falls off the end is lost. */
    private void shiftOrigin(long at) {
        long by = (origin - at + BUCKET_MICROS - 1) / BUCKET_MICROS;
        if (by <= 0) {
            return;
        }
        if (timeline != null) {
            int cells = (int) Math.min(BUCKETS, by) * 3;
            System.arraycopy(timeline, 0, timeline, cells, timeline.length - cells);
            Arrays.fill(timeline, 0, cells, 0);
        }
        origin -= by * BUCKET_MICROS;
    }

    /** Reads (hits), misses and fills per bucket from {@link #timelineOrigin()}, interleaved. */
    int[] timeline() {
        materialise();
        return timeline;
    }

    private void materialise() {
        if (timeline != null) {
            return;
        }
        timeline = new int[BUCKETS * 3];
        for (int i = 0; i < earlyCount; i++) {
            bucket(early[2 * i], (int) early[2 * i + 1]);
        }
    }

    void hit(long at) {
        hits++;
        count(at, 0);
    }

    /** A fill of the key by {@code client}; {@code ttlMicros} is the TTL it set, or -1. */
    void fill(long at, int client, long ttlMicros, int unit) {
        lastEventAt = at;
        EpisodeConnection c = connection(client);
        long answered = c.fill(at, unit, c.missed() ? null : oldestWaiting());
        boolean sameRebuild = answered < 0;
        if (!sameRebuild) {
            rebuilds++;
            c.rebuilds++;
        }
        count(at, 2);
        if (firstFillAt < 0) {
            firstFillAt = at;
            refillTtlMicros = ttlMicros;
            longestRebuild = Math.max(longestRebuild, at - firstMissAt);
        }
        if (!sameRebuild) {
            longestRebuild = Math.max(longestRebuild, at - answered);
        }
        // Rebuilds started before the refill landed write back about one rebuild time after
        // their miss: keep counting their fills until then, with some slack.
        long rebuild = Math.max(MIN_REBUILD_MICROS, Math.min(MAX_REBUILD_MICROS, longestRebuild));
        closeAt = Math.max(closeAt, lastMissAt + 2 * rebuild + SETTLE_MICROS);
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

    /**
     * Whether more clients missed before the refill than the key's earlier read rate explains:
     * the chance of that many reads within one rebuild time, were reads to keep arriving at the
     * earlier rate (Poisson), is below {@link #UNEXPLAINED_BURST}, and the first of them came
     * sooner after the trigger than the key's next read at that rate would have. A key read
     * rarely until a burst of clients met its trigger still had a stampede; a key whose usual
     * traffic happened to bring a few reads together, or that lay cold until a burst of traffic
     * found it missing long after, did not.
     */
    boolean burstUnexplained() {
        if (Float.isNaN(readRateBefore) || !refilled() || firstMissAt < 0) {
            return false;
        }
        if (readRateBefore > 0 && firstMissAt - triggerAt > 1e6 / readRateBefore) {
            return false;
        }
        double expected = readRateBefore * Math.max(MIN_REBUILD_MICROS, firstFillAt - firstMissAt) / 1e6;
        // Requests, not connections: forty misses multiplexed on one connection that all rebuilt
        // are forty concurrent readers; one reader polling an empty key is still one.
        int readers = missersBeforeRefill;
        for (EpisodeConnection c : connections.values()) {
            readers += Math.max(0, c.answered - 1); // its further requests, each rebuilt
        }
        readers = Math.min(readers, Math.max(missersBeforeRefill, missesBeforeRefill));
        return poissonTail(expected, readers) < UNEXPLAINED_BURST;
    }

    /** P(X >= k) for X ~ Poisson(lambda). */
    static double poissonTail(double lambda, int k) {
        if (k <= 0) {
            return 1;
        }
        double term = Math.exp(-lambda);
        double below = 0;
        for (int i = 0; i < k; i++) {
            below += term;
            term *= lambda / (i + 1);
        }
        return Math.max(0, 1 - below);
    }

    boolean refilled() {
        return firstFillAt >= 0;
    }

    /** The instant the timeline starts: the trigger, or the first miss when the trigger is unknown. */
    long timelineStart() {
        return triggerKind == TriggerKind.UNKNOWN ? firstMissAt : triggerAt;
    }

    /** The instant the first timeline bucket starts: {@link #timelineStart()}, or up to a bucket before it. */
    long timelineOrigin() {
        return origin;
    }

    private void count(long at, int series) {
        if (series == 1 && captureTimeline != null) {
            captureTimeline.miss(at);
        }
        if (timeline == null && earlyCount < EARLY) {
            early[2 * earlyCount] = at;
            early[2 * earlyCount + 1] = series;
            earlyCount++;
            return;
        }
        materialise();
        bucket(at, series);
    }

    private void bucket(long at, int series) {
        long bucket = Math.floorDiv(at - origin, BUCKET_MICROS);
        if (bucket >= 0 && bucket < BUCKETS) {
            timeline[(int) bucket * 3 + series]++;
        }
    }
}
