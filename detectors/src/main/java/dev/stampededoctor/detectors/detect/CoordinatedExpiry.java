package dev.stampededoctor.detectors.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

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
 *
 * <p>Pattern inference turns only segments that look generated (numbers, UUIDs, hex…) into
 * {@code *}; a segment of plain words ({@code user:alice}, {@code page:home}) stays literal, so
 * a bulk load of such keys would scatter over as many patterns of one key each. Before the rule
 * runs, patterns that differ in one segment only are therefore merged once at least
 * {@value #MIN_SIBLINGS} of them do ({@code user:alice}, {@code user:bob}… become
 * {@code user:*}).
 */
final class CoordinatedExpiry {
    static final int MIN_SHARE_PERCENT = 30;
    static final int MIN_SIBLINGS = 8;
    private static final char SEPARATOR = ':';
    private static final long MIN_WINDOW_MICROS = 100_000;
    private static final long MAX_WINDOW_MICROS = 1_000_000;

    private final int minKeys;

    CoordinatedExpiry(int minKeys) {
        this.minKeys = minKeys;
    }

    /** A window in which {@code keys} keys of one pattern expired together. */
    record Cluster(int db, String pattern, long start, long windowMicros, int keys, int sharePercent, long ttlMicros,
            long misses, long replyMisses, long rebuilds, java.util.Set<Integer> inputs) {
    }

    List<Cluster> clusters(List<StampedeDetector.Expiry> expiries, IntFunction<String> patternNames) {
        Map<Long, List<StampedeDetector.Expiry>> byPattern = new LinkedHashMap<>();
        for (StampedeDetector.Expiry e : expiries) {
            byPattern.computeIfAbsent((long) e.db() << 32 | e.patternId(), k -> new ArrayList<>()).add(e);
        }
        Map<Long, String> names = new HashMap<>();
        byPattern.keySet().forEach(k -> names.put(k, patternNames.apply((int) (long) k)));
        Map<Long, String> merged = mergeSiblings(names);
        Map<String, List<StampedeDetector.Expiry>> groups = new LinkedHashMap<>();
        byPattern.forEach((k, list) -> groups.computeIfAbsent((k >>> 32) + " " + merged.get(k), g -> new ArrayList<>())
                .addAll(list));
        List<Cluster> clusters = new ArrayList<>();
        for (Map.Entry<String, List<StampedeDetector.Expiry>> group : groups.entrySet()) {
            if (group.getValue().size() >= minKeys) {
                Cluster c = densest(group.getValue(), group.getKey().substring(group.getKey().indexOf(' ') + 1));
                if (c != null) {
                    clusters.add(c);
                }
            }
        }
        return clusters;
    }

    /**
     * Each (db, pattern) key's name after merging: {@code a:x:c}, {@code a:y:c}… become
     * {@code a:*:c} when at least {@link #MIN_SIBLINGS} distinct patterns of one db share all
     * segments but that one; the position shared by the most wins. Others keep their name.
     */
    static Map<Long, String> mergeSiblings(Map<Long, String> names) {
        Map<String, Set<String>> siblings = new HashMap<>();
        for (Map.Entry<Long, String> n : names.entrySet()) {
            for (String general : generalisations(n.getValue())) {
                siblings.computeIfAbsent((n.getKey() >>> 32) + " " + general, g -> new HashSet<>()).add(n.getValue());
            }
        }
        Map<Long, String> merged = new HashMap<>();
        for (Map.Entry<Long, String> n : names.entrySet()) {
            String best = n.getValue();
            int bestCount = MIN_SIBLINGS - 1;
            for (String general : generalisations(n.getValue())) {
                int count = siblings.get((n.getKey() >>> 32) + " " + general).size();
                if (count > bestCount) {
                    best = general;
                    bestCount = count;
                }
            }
            merged.put(n.getKey(), best);
        }
        return merged;
    }

    /** {@code name} with one of its {@code :}-separated segments (not already {@code *}) made {@code *}, for each. */
    private static List<String> generalisations(String name) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start <= name.length()) {
            int end = name.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = name.length();
            }
            String segment = name.substring(start, end);
            // Only a segment after a separator: the first one names the cache (user, page…).
            if (start > 0 && !segment.isEmpty() && !segment.equals("*")) {
                out.add(name.substring(0, start) + "*" + name.substring(end));
            }
            start = end + 1;
        }
        return out;
    }

    private Cluster densest(List<StampedeDetector.Expiry> group, String pattern) {
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
        if (bestCount < minKeys || share < minSharePercent(window, ttl)) {
            return null;
        }
        long misses = 0;
        long replyMisses = 0;
        long rebuilds = 0;
        Set<Integer> inputs = new java.util.TreeSet<>();
        for (int i = bestFrom; i < bestFrom + bestCount; i++) {
            inputs.add(group.get(i).input());
            misses += group.get(i).misses();
            replyMisses += group.get(i).replyMisses();
            rebuilds += group.get(i).rebuilds();
        }
        StampedeDetector.Expiry first = group.get(bestFrom);
        return new Cluster(first.db(), pattern, first.expiredAt(), window, bestCount, share, ttl, misses,
                replyMisses, rebuilds, inputs);
    }

    /**
     * The share of a pattern's expiries the densest window must hold: {@value #MIN_SHARE_PERCENT}
     * %, and for short TTLs, whose window the 100 ms floor makes wide next to the TTL, twice the
     * share a window would hold were the keys jittered by ±10 % (spread over a fifth of the TTL):
     * with a 2 s TTL a 100 ms window holds a quarter of such keys, 30 % in an unlucky draw.
     */
    static int minSharePercent(long windowMicros, long ttlMicros) {
        if (ttlMicros <= 0) {
            return MIN_SHARE_PERCENT;
        }
        long jittered = 100L * windowMicros * 5 / ttlMicros;
        return (int) Math.max(MIN_SHARE_PERCENT, Math.min(90, 2 * jittered));
    }

    private static long medianTtl(List<StampedeDetector.Expiry> group) {
        long[] ttls = group.stream().mapToLong(StampedeDetector.Expiry::ttlMicros).filter(t -> t > 0).sorted().toArray();
        return ttls.length == 0 ? 0 : ttls[ttls.length / 2];
    }
}
