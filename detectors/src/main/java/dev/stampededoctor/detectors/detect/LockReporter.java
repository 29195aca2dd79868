package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.incident.Glob;
import dev.stampededoctor.detectors.keys.KeyText;
import dev.stampededoctor.detectors.report.LockUsage;
import dev.stampededoctor.detectors.report.PatternStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The report's lock section: each key {@link LockKeys} found to be a lock, with the cache keys it
 * guards (from its name and the patterns seen), its holds, waiters and polls, and its risks.
 */
public final class LockReporter {
    private static final int GUARDS_SHOWN = 5;
    /** A lock polled this often costs Redis more than the rebuild it guards, usually. */
    private static final double BUSY_POLLS_PER_SECOND = 100;

    private LockReporter() {
    }

    /** Lock usages, busiest first. */
    public static List<LockUsage> locks(StampedeDetector detector, List<PatternStats> patterns) {
        List<LockUsage> out = new ArrayList<>();
        for (LockKeys.Activity a : detector.locks().values()) {
            out.add(usage(a, patterns));
        }
        out.sort((a, b) -> {
            int c = Long.compare(b.acquisitions() + b.refusedAttempts() + b.polls(),
                    a.acquisitions() + a.refusedAttempts() + a.polls());
            return c != 0 ? c : a.key().compareTo(b.key());
        });
        return out;
    }

    private static LockUsage usage(LockKeys.Activity a, List<PatternStats> patterns) {
        String key = KeyText.display(a.key);
        String base = baseName(key);
        List<PatternStats> guarded = patterns.stream()
                .filter(p -> p.db() == a.db && !base.isEmpty() && guards(base, p.pattern()) && !Glob.matches(p.pattern(), key))
                .limit(GUARDS_SHOWN).toList();
        long[] holds = a.holdTimes();
        Arrays.sort(holds);
        Double median = holds.length == 0 ? null : holds[holds.length / 2] / 1000.0;
        Double max = holds.length == 0 ? null : holds[holds.length - 1] / 1000.0;
        double span = Math.max(1_000_000, a.lastAt - a.firstAt) / 1e6;
        double pollRate = Math.round(a.polls / span * 10) / 10.0;
        Double ttl = a.acquisitionTtlMicros > 0 ? a.acquisitionTtlMicros / 1e6 : null;
        List<String> risks = new ArrayList<>();
        if (a.acquiredWithoutTtl) {
            risks.add("no expiry: a holder that crashes or hangs keeps it forever and every waiter blocks;"
                    + " take it with SET … NX PX <a few rebuild times>");
        }
        long guardedKeys = guarded.stream().mapToLong(PatternStats::keys).sum();
        if (guardedKeys > 1) {
            long heldMicros = Arrays.stream(holds).sum();
            risks.add(String.format(Locale.ROOT, "one lock for %,d keys (%s): rebuilds of unrelated keys wait for"
                    + " each other. It cost %s held in %,d hold(s) (%.0f%% of the time it was in use), during which"
                    + " %,d connection(s) waited on it and polled it %,d time(s); lock per key instead", guardedKeys,
                    String.join(", ", guarded.stream().map(PatternStats::pattern).toList()),
                    EventReporter.seconds(heldMicros), holds.length, Math.min(100, 100.0 * heldMicros / (span * 1e6)),
                    a.waiters.size(), a.polls));
        }
        if (a.unheldDeletes > 0) {
            risks.add(String.format(Locale.ROOT, "deleted %,d time(s) while nobody held it: a release is not"
                    + " checked against its holder, so one waiter can free another's lock; release with a token"
                    + " and a compare-and-delete script", a.unheldDeletes));
        }
        if (pollRate >= BUSY_POLLS_PER_SECOND) {
            risks.add(String.format(Locale.ROOT, "waiters poll it %,.0f times a second: back off between polls,"
                    + " or serve a stale value while it is held", pollRate));
        }
        return new LockUsage(key, a.db, guarded.stream().map(PatternStats::pattern).toList(), a.acquisitions,
                a.refused, a.releases, a.polls, pollRate, a.connections.size(), a.waiters.size(), median, max, ttl,
                risks);
    }

    /** The name without its lock word and the separators around it: {@code category~lock} → {@code category}. */
    static String baseName(String key) {
        String base = key.replaceAll("(?i)(^|[^A-Za-z0-9])(lock|locks|mutex|lck)($|[^A-Za-z0-9])", "$1$3");
        return base.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "").replaceAll("([^A-Za-z0-9])[^A-Za-z0-9]+", "$1");
    }

    /** Whether a lock of base name {@code base} guards the keys of {@code pattern}. */
    static boolean guards(String base, String pattern) {
        if (Glob.matches(pattern, base)) {
            return true; // lock:product:42 guards product:42, a key of product:*
        }
        String literal = pattern.contains("*") ? pattern.substring(0, pattern.indexOf('*')) : pattern;
        return literal.startsWith(base) && literal.length() > base.length()
                && !Character.isLetterOrDigit(literal.charAt(base.length())); // cache~lock guards cache::*
    }
}
