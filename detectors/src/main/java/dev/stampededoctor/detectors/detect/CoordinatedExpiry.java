package dev.stampededoctor.detectors.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds coordinated expiry: many keys of one pattern whose TTLs ran out together, typically
 * because they were written together with one TTL (a bulk load, a cache warm-up at start-up).
 * Each key may miss only once, so no single-key episode is an alarm, yet the backend takes all
 * their rebuilds at once.
 *
 * <p>The rule, per (db, pattern), over the expiries that were read in the capture: take the
 * window of width {@code clamp(TTL / 50, 100 ms, 1 s)} (TTL the median of the expired TTLs) that
 * holds the most expiries. It is a cluster when it holds at least {@code minKeys} expiries and at
 * least {@value #MIN_SHARE_PERCENT} % of the pattern's. Keys written with jittered TTLs spread
 * their expiries over a fifth of the TTL (±10 %) or more, so no narrow window holds such a
 * share of them.
 */
final class CoordinatedExpiry {
    static final int MIN_SHARE_PERCENT = 30;
    private static final long MIN_WINDOW_MICROS = 100_000;
    private static final long MAX_WINDOW_MICROS = 1_000_000;

    private final int minKeys;

    CoordinatedExpiry(int minKeys) {
        this.minKeys = minKeys;
    }

    /** A window in which {@code keys} keys of one pattern expired together. */
    record Cluster(int db, int patternId, long start, long windowMicros, int keys, int sharePercent, long ttlMicros,
            long misses, long rebuilds) {
    }

    List<Cluster> clusters(List<StampedeDetector.Expiry> expiries) {
        Map<Long, List<StampedeDetector.Expiry>> byPattern = new HashMap<>();
        for (StampedeDetector.Expiry e : expiries) {
            byPattern.computeIfAbsent((long) e.db() << 32 | e.patternId(), k -> new ArrayList<>()).add(e);
        }
        List<Cluster> clusters = new ArrayList<>();
        for (List<StampedeDetector.Expiry> group : byPattern.values()) {
            if (group.size() >= minKeys) {
                Cluster c = densest(group);
                if (c != null) {
                    clusters.add(c);
                }
            }
        }
        return clusters;
    }

    private Cluster densest(List<StampedeDetector.Expiry> group) {
        group.sort((a, b) -> Long.compare(a.expiredAt(), b.expiredAt()));
        long ttl = medianTtl(group);
        long window = Math.max(MIN_WINDOW_MICROS, Math.min(MAX_WINDOW_MICROS, ttl / 50));
        int bestFrom = 0;
        int bestCount = 0;
        for (int from = 0, to = 0; from < group.size(); from++) {
            while (to < group.size() && group.get(to).expiredAt() - group.get(from).expiredAt() < window) {
                to++;
            }
            if (to - from > bestCount) {
                bestCount = to - from;
                bestFrom = from;
            }
        }
        int share = (int) (100L * bestCount / group.size());
        if (bestCount < minKeys || share < MIN_SHARE_PERCENT) {
            return null;
        }
        long misses = 0;
        long rebuilds = 0;
        for (int i = bestFrom; i < bestFrom + bestCount; i++) {
            misses += group.get(i).misses();
            rebuilds += group.get(i).rebuilds();
        }
        StampedeDetector.Expiry first = group.get(bestFrom);
        return new Cluster(first.db(), first.patternId(), first.expiredAt(), window, bestCount, share, ttl, misses,
                rebuilds);
    }

    private static long medianTtl(List<StampedeDetector.Expiry> group) {
        long[] ttls = group.stream().mapToLong(StampedeDetector.Expiry::ttlMicros).filter(t -> t > 0).sorted().toArray();
        return ttls.length == 0 ? 0 : ttls[ttls.length / 2];
    }
}
