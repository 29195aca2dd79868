package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.ops.KeyOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refresh herds without a miss: with a soft TTL (the value carries its own expiry and Redis keeps
 * it longer, as dogpile-style and stale-while-revalidate caches do) every reader that finds the
 * value stale refreshes it, and no read ever returns nil. The signature is a burst of overwrites
 * of a present key, each by a connection that read it shortly before, where the later ones read
 * it before the first refresh had landed: each ran the same query for nothing.
 *
 * <p>A burst opens at an overwrite by a connection that read the key within
 * {@link #READ_BEFORE_MICROS}, of a value that had lived at least {@link #MIN_LIFE_MICROS} (and
 * ten refresh times): continuous read-modify-write traffic is not a herd. It takes the
 * overwrites, within twice the first refresh's read-to-write time plus {@link #SETTLE_MICROS},
 * whose writers read the old value before the first refresh landed; a connection counts once per
 * such read (a shared connection carries many requests). XFetch refreshes once, rarely twice;
 * write-through writers do not read first: neither reaches the alarm threshold.
 */
final class RefreshHerds {
    static final long READ_BEFORE_MICROS = 5_000_000;
    static final long MIN_LIFE_MICROS = 1_000_000;
    static final long SETTLE_MICROS = 100_000;
    static final int MAX_OPEN = 100_000;

    /** One burst of refreshes of one key. */
    static final class Burst {
        final int keyId;
        final int db;
        final byte[] key;
        final int patternId;
        /** When the value the refreshers read was written, and its TTL (µs, 0 none). */
        final long valueFilledAt;
        final long firstRefreshAt;
        final long firstReadAt;
        final long refreshMicros;
        long lastRefreshAt;
        int refreshes = 1;
        long reads;
        long refillTtlMicros;
        /** The input of the first refresh's line: names the node of a merged capture. */
        int input = -1;
        /** Per connection: the earliest of its reads already counted. */
        final Map<Integer, Long> readers = new HashMap<>();

        Burst(int keyId, int db, byte[] key, int patternId, long valueFilledAt, long firstReadAt, long at,
                int connection, long ttlMicros) {
            this.keyId = keyId;
            this.db = db;
            this.key = key;
            this.patternId = patternId;
            this.valueFilledAt = valueFilledAt;
            this.firstReadAt = firstReadAt;
            this.firstRefreshAt = at;
            this.lastRefreshAt = at;
            this.refreshMicros = Math.max(1_000, at - firstReadAt);
            this.refillTtlMicros = ttlMicros;
            readers.put(connection, firstReadAt);
        }

        long closesAt() {
            return firstRefreshAt + 2 * refreshMicros + SETTLE_MICROS;
        }
    }

    private final int minRefreshes;
    private final RecentReads hits = new RecentReads();
    private final Map<Integer, Burst> open = new HashMap<>();
    /** Open bursts past their close are swept out when there are this many. */
    private int sweepAt = 1024;
    private final List<Burst> found = new ArrayList<>();

    RefreshHerds(int minRefreshes) {
        this.minRefreshes = minRefreshes;
    }

    /** A read that found the key present. */
    void hit(int client, int id, long at) {
        hits.note(client, id, at);
    }

    /**
     * An overwrite of the present key {@code id} by {@code client}, whose value was written at
     * {@code filledAt}: operation {@code i} of {@code ops}.
     */
    void overwrite(int id, long at, int client, long filledAt, long ttlMicros, KeyOps ops, int i, int pattern) {
        Burst b = open.get(id);
        if (b != null && at > b.closesAt()) {
            close(b);
            b = null;
        }
        if (b != null) {
            Long used = b.readers.get(client);
            long before = used == null ? b.firstRefreshAt : used - 1;
            long read = hits.find(client, id, Math.max(b.valueFilledAt, b.firstRefreshAt - READ_BEFORE_MICROS), before);
            if (read >= 0) {
                b.refreshes++;
                b.lastRefreshAt = at;
                b.readers.put(client, read);
            }
            return;
        }
        if (open.size() >= sweepAt) {
            sweep(at);
        }
        long life = at - filledAt;
        long read = hits.find(client, id, Math.max(filledAt, at - READ_BEFORE_MICROS), at);
        if (read < 0 || life < MIN_LIFE_MICROS || life < 10 * (at - read) || open.size() >= MAX_OPEN) {
            return;
        }
        byte[] key = Arrays.copyOfRange(ops.keyBuffer(), ops.keyOffset(i), ops.keyOffset(i) + ops.keyLength(i));
        Burst burst = new Burst(id, ops.db(i), key, pattern, filledAt, read, at, client, ttlMicros);
        burst.input = dev.stampededoctor.detectors.monitor.MonitorLine.inputOf(ops.line(i));
        open.put(id, burst);
    }

    boolean anyOpen() {
        return !open.isEmpty();
    }

    /** The key was removed: a burst on it ends. */
    void removed(int id) {
        Burst b = open.get(id);
        if (b != null) {
            close(b);
        }
    }

    /** Closes every burst and returns those with at least {@code minRefreshes} refreshes, in time order. */
    List<Burst> finish() {
        for (Burst b : new ArrayList<>(open.values())) {
            close(b);
        }
        found.sort((a, c) -> Long.compare(a.firstRefreshAt, c.firstRefreshAt));
        return found;
    }

    private void sweep(long now) {
        for (Burst b : new ArrayList<>(open.values())) {
            if (now > b.closesAt()) {
                close(b);
            }
        }
        sweepAt = Math.max(1024, 2 * open.size());
    }

    private void close(Burst b) {
        open.remove(b.keyId);
        if (b.refreshes >= minRefreshes && found.size() < StampedeDetector.MAX_EPISODES) {
            found.add(b);
        }
    }
}
