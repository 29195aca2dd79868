package dev.stampededoctor.detectors.ttl;

import dev.stampededoctor.detectors.incident.Glob;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A threshold a TTL audit must stay within, for CI: {@code METRIC[GLOB] OP VALUE}, e.g.
 * {@code cluster-share>20%}, {@code no-ttl>1000}, {@code cluster-keys[session:*]>=500}. The audit
 * fails the rule when the measured value passes the threshold. Metrics:
 * <ul>
 *   <li>{@code cluster-share}: the largest expiry cluster's share of its pattern's keys with a TTL (%), worst pattern;</li>
 *   <li>{@code cluster-keys}: keys in the largest expiry cluster of any pattern;</li>
 *   <li>{@code clustered-patterns}: patterns with an expiry cluster;</li>
 *   <li>{@code no-ttl}: keys without a TTL, in all the patterns;</li>
 *   <li>{@code no-ttl-share}: those keys' share of the keys scanned (%);</li>
 *   <li>{@code keys}: keys scanned in the patterns.</li>
 * </ul>
 * {@code [GLOB]} keeps to the patterns whose text the glob matches. Operators: {@code > >= < <=}.
 * A share takes {@code 20%} or {@code 20}; a count takes {@code 1000}, {@code 10k}, {@code 2m}.
 */
public record AuditRule(String text, String metric, String patternGlob, String operator, double threshold) {
    private static final Pattern RULE = Pattern.compile(
            "\\s*([a-z-]+)\\s*(?:\\[([^\\]]+)\\])?\\s*(>=|<=|>|<)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(%|k|m)?\\s*");
    private static final java.util.Set<String> SHARES = java.util.Set.of("cluster-share", "no-ttl-share");
    private static final java.util.Set<String> COUNTS = java.util.Set.of("cluster-keys", "clustered-patterns", "no-ttl",
            "keys");

    /** Parses a rule; a bad one is an {@link IllegalArgumentException} whose message says what is wrong. */
    public static AuditRule parse(String text) {
        Matcher m = RULE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not METRIC[GLOB]OP VALUE (e.g. cluster-share>20%,"
                    + " no-ttl>1000)");
        }
        String metric = m.group(1);
        String unit = m.group(5);
        double value = Double.parseDouble(m.group(4));
        if (SHARES.contains(metric)) {
            if ("k".equals(unit) || "m".equals(unit) || value > 100) {
                throw new IllegalArgumentException("'" + text + "': " + metric + " is a share, 0 to 100 %");
            }
        } else if (COUNTS.contains(metric)) {
            if ("%".equals(unit)) {
                throw new IllegalArgumentException("'" + text + "': " + metric + " is a count, not a share");
            }
            value *= "k".equals(unit) ? 1_000 : "m".equals(unit) ? 1_000_000 : 1;
        } else {
            throw new IllegalArgumentException("'" + text + "': no metric " + metric + "; one of cluster-share,"
                    + " cluster-keys, clustered-patterns, no-ttl, no-ttl-share, keys");
        }
        // The glob is the one part that keeps its case: key patterns are case-sensitive.
        String glob = null;
        int open = text.indexOf('[');
        if (m.group(2) != null && open >= 0) {
            glob = text.substring(open + 1, text.indexOf(']', open));
        }
        return new AuditRule(text.strip(), metric, glob, m.group(3), value);
    }

    /** The measured value and whether it fails the rule. */
    public AuditCheck check(TtlAuditReport report) {
        double value = 0;
        String where = null;
        long keys = 0;
        long withoutTtl = 0;
        for (PatternTtlReport p : report.patterns()) {
            if (patternGlob != null && !Glob.matches(patternGlob, p.pattern())) {
                continue;
            }
            keys += p.keys();
            withoutTtl += p.withoutTtl();
            ExpiryCluster largest = p.clusters() == null || p.clusters().isEmpty() ? null : p.clusters().get(0);
            switch (metric) {
                case "cluster-share" -> {
                    double share = largest == null ? 0 : largest.share() * 100;
                    if (where == null || share > value) {
                        value = share;
                        where = p.pattern();
                    }
                }
                case "cluster-keys" -> {
                    int n = largest == null ? 0 : largest.keys();
                    if (where == null || n > value) {
                        value = n;
                        where = p.pattern();
                    }
                }
                case "clustered-patterns" -> value += p.clustered() ? 1 : 0;
                default -> {
                }
            }
        }
        switch (metric) {
            case "no-ttl" -> value = withoutTtl;
            case "no-ttl-share" -> value = keys == 0 ? 0 : withoutTtl * 100.0 / keys;
            case "keys" -> value = keys;
            default -> {
            }
        }
        boolean failed = switch (operator) {
            case ">" -> value > threshold;
            case ">=" -> value >= threshold;
            case "<" -> value < threshold;
            default -> value <= threshold;
        };
        value = Math.round(value * 100) / 100.0;
        boolean perPattern = metric.equals("cluster-share") || metric.equals("cluster-keys");
        return new AuditCheck(text, value, failed, perPattern && value > 0 ? where : null);
    }
}
