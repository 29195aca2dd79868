package dev.stampededoctor.detectors.ttl;

import dev.stampededoctor.detectors.keys.KeyPatterns;
import dev.stampededoctor.detectors.keys.KeyText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups scanned keys by inferred pattern and turns their TTLs into a {@link TtlAuditReport}:
 * quantiles, an expiry histogram, clusters (the rule is {@link ExpiryClusters}'s) and, per
 * clustered pattern, the jitter that would flatten it.
 *
 * <p>Memory: 8 bytes per key with a TTL plus one entry per pattern; past {@code maxPatterns}
 * patterns, keys of new patterns are only counted ({@code untrackedKeys}).
 */
public final class TtlAuditor {
    /** Keys that vanish between SCAN and PTTL answer -2; keys without a TTL, -1. */
    public static final long NO_TTL = -1;
    public static final long NO_KEY = -2;
    private static final long PREDICTION_SEED = 0x5eed;
    static final int MERGE_SIBLINGS = 8;

    private final TtlAuditRules rules;
    private final int maxPatterns;
    private final KeyPatterns.Scratch scratch = new KeyPatterns.Scratch();
    // Patterns as ISO-8859-1 strings: one char per byte, so any key bytes round-trip.
    private final Map<String, PatternTtls> patterns = new HashMap<>();
    private long scanned;
    private long vanished;
    private long untracked;
    private List<String> nodeNames = List.of();

    public TtlAuditor(TtlAuditRules rules, int maxPatterns) {
        this.rules = rules;
        this.maxPatterns = maxPatterns;
    }

    /** One scanned key and the PTTL read for it at {@code readAtMillis} (epoch ms). */
    public void add(byte[] key, int off, int len, long pttlMillis, long readAtMillis) {
        add(key, off, len, pttlMillis, readAtMillis, null, -1);
    }

    /**
     * {@link #add(byte[], int, int, long, long)} with the key's type (null when not read) and
     * MEMORY USAGE in bytes (negative when not read).
     */
    public void add(byte[] key, int off, int len, long pttlMillis, long readAtMillis, String type, long memoryBytes) {
        add(-1, key, off, len, pttlMillis, readAtMillis, type, memoryBytes);
    }

    /**
     * {@link #add(byte[], int, int, long, long, String, long)} for a key of node {@code node}
     * (0, 1, … in the order of {@link #nodes}) of a cluster audited as one keyspace.
     */
    public void add(int node, byte[] key, int off, int len, long pttlMillis, long readAtMillis, String type,
            long memoryBytes) {
        scanned++;
        if (pttlMillis == NO_KEY || pttlMillis < NO_TTL) {
            vanished++;
            return;
        }
        KeyPatterns.inferInto(key, off, len, scratch);
        String pattern = new String(scratch.bytes(), 0, scratch.length(), StandardCharsets.ISO_8859_1);
        PatternTtls ttls = patterns.get(pattern);
        if (ttls == null) {
            if (patterns.size() >= maxPatterns) {
                untracked++;
                return;
            }
            ttls = new PatternTtls();
            patterns.put(pattern, ttls);
        }
        if (node >= 0) {
            ttls.countNode(node);
        }
        if (pttlMillis == NO_TTL) {
            ttls.addPersistent();
        } else {
            ttls.add(readAtMillis + pttlMillis);
        }
        if (type != null) {
            ttls.addType(type);
        }
        if (memoryBytes >= 0) {
            ttls.addMemory(memoryBytes);
        }
    }

    /** Names the nodes {@code add(node, …)} numbered ({@code host:port}): each pattern then breaks its keys down by node. */
    public void nodes(List<String> names) {
        this.nodeNames = List.copyOf(names);
    }

    public long scanned() {
        return scanned;
    }

    /**
     * The report as of {@code nowMillis} (epoch ms, the end of the scan). {@code jitterCommand}
     * is the start of the command line a recommendation gives (the URL and db to use).
     */
    public TtlAuditReport report(long durationMs, long nowMillis, boolean truncated, String jitterCommand) {
        List<PatternTtlReport> out = new ArrayList<>();
        for (Map.Entry<String, PatternTtls> e : mergeSiblings(patterns).entrySet()) {
            out.add(pattern(e.getKey().getBytes(StandardCharsets.ISO_8859_1), e.getValue(), nowMillis, jitterCommand));
        }
        out.sort((a, b) -> {
            if (a.clustered() != b.clustered()) {
                return a.clustered() ? -1 : 1;
            }
            if (a.clustered()) {
                int c = Integer.compare(b.clusters().get(0).keys(), a.clusters().get(0).keys());
                if (c != 0) {
                    return c;
                }
            }
            int c = Long.compare(b.keys(), a.keys());
            return c != 0 ? c : a.pattern().compareTo(b.pattern());
        });
        return new TtlAuditReport(scanned, vanished, durationMs, truncated, untracked, out);
    }

    private PatternTtlReport pattern(byte[] glob, PatternTtls ttls, long nowMillis, String jitterCommand) {
        String pattern = KeyText.display(glob);
        long[] remaining = ttls.remainingAt(nowMillis);
        int n = remaining.length;
        long keys = n + ttls.withoutTtl();
        if (n == 0) {
            return new PatternTtlReport(pattern, keys, ttls.withoutTtl(), null, 0, null, false, List.of(), null,
                    ttls.types(), ttls.memoryBytes(), perNode(ttls));
        }
        TtlQuantiles q = TtlQuantiles.of(remaining, n);
        long window = rules.windowFor(q.p50());
        List<ExpiryCluster> clusters = new ArrayList<>();
        for (ExpiryClusters.Cluster c : ExpiryClusters.find(remaining, n, window, rules)) {
            clusters.add(new ExpiryCluster(c.startMillis(), c.endMillis(), (nowMillis + c.startMillis()) / 1000.0,
                    c.keys(), Math.round(10_000.0 * c.keys() / n) / 10_000.0, c.peakKeys(), window));
        }
        ExpiryHistogram histogram = ExpiryHistogram.of(remaining, n, Math.max(1, q.max()), rules.buckets());
        JitterRecommendation recommendation = clusters.isEmpty() ? null
                : recommend(remaining, n, window, clusters.get(0).peakKeys(), pattern, jitterCommand);
        return new PatternTtlReport(pattern, keys, ttls.withoutTtl(), q, distinctSeconds(remaining, n), histogram,
                !clusters.isEmpty(), clusters, recommendation, ttls.types(), ttls.memoryBytes(), perNode(ttls));
    }

    private Map<String, Long> perNode(PatternTtls ttls) {
        long[] counts = ttls.perNode();
        if (counts == null || nodeNames.size() < 2) {
            return null;
        }
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nodeNames.size(); i++) {
            out.put(nodeNames.get(i), i < counts.length ? counts[i] : 0);
        }
        return out;
    }

    /**
     * Pattern inference keeps short digit runs literal ({@code homepage:v1} is a name, not an id).
     * Across a whole keyspace, though, {@code page:v1} … {@code page:v999} are one pattern: when
     * {@value #MERGE_SIBLINGS} or more patterns differ only in their digits, they merge into the
     * pattern with every digit run a {@code *}.
     */
    static Map<String, PatternTtls> mergeSiblings(Map<String, PatternTtls> patterns) {
        Map<String, List<String>> byShape = new HashMap<>();
        for (String p : patterns.keySet()) {
            byShape.computeIfAbsent(shape(p), k -> new ArrayList<>()).add(p);
        }
        Map<String, PatternTtls> out = new HashMap<>();
        for (Map.Entry<String, List<String>> e : byShape.entrySet()) {
            List<String> siblings = e.getValue();
            if (siblings.size() < MERGE_SIBLINGS) {
                siblings.forEach(p -> out.merge(p, patterns.get(p), TtlAuditor::merged));
            } else {
                PatternTtls merged = new PatternTtls();
                siblings.forEach(p -> merged.merge(patterns.get(p)));
                out.merge(e.getKey(), merged, TtlAuditor::merged);
            }
        }
        return out;
    }

    private static PatternTtls merged(PatternTtls a, PatternTtls b) {
        a.merge(b);
        return a;
    }

    /** The pattern with every run of digits a {@code *} (and runs of {@code *} one). */
    static String shape(String pattern) {
        StringBuilder b = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            boolean star = c >= '0' && c <= '9' || (c == '*' && (i == 0 || pattern.charAt(i - 1) != '\\'));
            if (star) {
                if (b.length() == 0 || b.charAt(b.length() - 1) != '*' || endsEscaped(b)) {
                    b.append('*');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean endsEscaped(StringBuilder b) {
        return b.length() >= 2 && b.charAt(b.length() - 2) == '\\';
    }

    /** The smallest candidate spread after which no window is hot any more. */
    JitterRecommendation recommend(long[] remaining, int n, long window, int peakBefore, String pattern,
            String jitterCommand) {
        int percent = 0;
        int peakAfter = peakBefore;
        boolean resolves = false;
        for (int candidate : JitterSpread.CANDIDATE_PERCENTS) {
            long[] after = new JitterSpread(candidate).predict(remaining, n, PREDICTION_SEED);
            percent = candidate;
            peakAfter = ExpiryClusters.peak(after, n, window);
            if (ExpiryClusters.find(after, n, window, rules).isEmpty()) {
                resolves = true;
                break;
            }
        }
        String windowText = Durations.text(window);
        String advice = resolves
                ? String.format(java.util.Locale.ROOT, "spread the TTLs of %s by ±%d %%: at most %,d keys expire within %s instead of %,d",
                        pattern, percent, peakAfter, windowText, peakBefore)
                : String.format(java.util.Locale.ROOT, "even ±%d %% leaves %,d keys of %s expiring within %s (%,d now): the keys are written "
                        + "together, so spread the writes or refresh them ahead of expiry", percent, peakAfter, pattern,
                        windowText, peakBefore);
        String command = jitterCommand == null ? null
                : jitterCommand + " --match " + shellQuote(pattern) + " --spread " + percent + "%";
        return new JitterRecommendation(percent, window, peakBefore, peakAfter, resolves, advice, command);
    }

    private static int distinctSeconds(long[] sorted, int n) {
        int distinct = 0;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long s = sorted[i] / 1000;
            if (s != last) {
                distinct++;
                last = s;
            }
        }
        return distinct;
    }

    /** {@code s} in single quotes for a POSIX shell. */
    public static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
