package dev.stampededoctor.detectors.incident;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Diagnosis;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.Recommendation;
import dev.stampededoctor.detectors.report.Recurrence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes incidents of the events: occurrences ({@link Occurrences}) on the same keys are one
 * recurring incident; an unknown trigger becomes a TTL herd when its incident recurs at the keys'
 * own TTL; each incident gets its figures, its diagnoses ({@link Diagnoses}) and its advice, and
 * the list is ranked ({@link IncidentRanking}).
 */
public final class IncidentBuilder {
    static final int KEYS_SHOWN = 20;
    /** A recurrence period within this share of the TTL (plus the refill's rebuild) is the TTL's sawtooth. */
    private static final double TTL_TOLERANCE = 0.15;
    private static final long TTL_SLACK_MICROS = 250_000;

    /** The events (some re-kinded), and their incidents ranked worst first. */
    public record Result(List<CacheEvent> events, List<Incident> incidents) {
    }

    private IncidentBuilder() {
    }

    public static Result build(List<Finding> found) {
        List<Finding> findings = new ArrayList<>(found);
        List<List<Occurrences.Occurrence>> incidents = recurring(findings, Occurrences.of(findings));
        List<Incident> out = new ArrayList<>();
        for (List<Occurrences.Occurrence> occurrences : incidents) {
            Recurrence recurrence = recurrence(findings, occurrences);
            if (recurrence != null && Boolean.TRUE.equals(recurrence.matchesTtl())) {
                explainAsTtlHerds(findings, occurrences, recurrence);
            }
            out.add(incident(findings, occurrences, recurrence));
        }
        return new Result(findings.stream().map(Finding::event).toList(), IncidentRanking.rank(out));
    }

    /** Occurrences on the same keys (or the same pattern), alarm or not, as one incident each. */
    private static List<List<Occurrences.Occurrence>> recurring(List<Finding> findings,
            List<Occurrences.Occurrence> occurrences) {
        Map<String, List<Occurrences.Occurrence>> bySignature = new LinkedHashMap<>();
        for (Occurrences.Occurrence o : occurrences) {
            bySignature.computeIfAbsent(signature(findings, o), s -> new ArrayList<>()).add(o);
        }
        return new ArrayList<>(bySignature.values());
    }

    private static String signature(List<Finding> findings, Occurrences.Occurrence o) {
        Set<String> keys = new TreeSet<>();
        boolean alarm = false;
        for (int i : o.members()) {
            CacheEvent e = findings.get(i).event();
            alarm |= e.isAlarm();
            if (findings.get(i).facts().source() == EventFacts.Source.COORDINATED_EXPIRY) {
                keys.add("pattern " + e.db() + " " + e.keyPattern());
            } else if (!o.folded().contains(i)) {
                keys.add(e.db() + " " + e.key());
            }
        }
        return alarm + " " + String.join("\n", keys);
    }

    private static Recurrence recurrence(List<Finding> findings, List<Occurrences.Occurrence> occurrences) {
        if (occurrences.size() < 2) {
            return null;
        }
        long[] gaps = new long[occurrences.size() - 1];
        for (int k = 1; k < occurrences.size(); k++) {
            gaps[k - 1] = occurrences.get(k).at(findings) - occurrences.get(k - 1).at(findings);
        }
        long period = median(gaps);
        long ttl = median(occurrences.stream().flatMap(o -> o.members().stream())
                .mapToLong(i -> findings.get(i).facts().ttlMicros()).filter(t -> t > 0).toArray());
        long rebuild = Math.max(0, median(occurrences.stream().flatMap(o -> o.members().stream())
                .mapToLong(i -> findings.get(i).facts().rebuildMicros()).filter(t -> t >= 0).toArray()));
        Boolean matches = ttl <= 0 ? null
                : Math.abs(period - ttl - rebuild) <= TTL_TOLERANCE * ttl + TTL_SLACK_MICROS;
        return new Recurrence(occurrences.size(), Math.round(period / 1000.0) / 1000.0, matches);
    }

    /** Unknown triggers of an incident that recurs at its TTL: the evidence makes them TTL herds. */
    private static void explainAsTtlHerds(List<Finding> findings, List<Occurrences.Occurrence> occurrences,
            Recurrence recurrence) {
        for (Occurrences.Occurrence o : occurrences) {
            for (int i : o.members()) {
                Finding f = findings.get(i);
                if (f.event().kind().equals(CacheEvent.UNEXPLAINED_STAMPEDE) && f.facts().asTtlHerd() != null) {
                    String reason = String.format(java.util.Locale.ROOT, "it recurs every %.1f s, the key's own TTL"
                            + " (%d times in the capture): an expiry started it", recurrence.periodSeconds(),
                            recurrence.count());
                    findings.set(i, f.withEvent(f.event().asKind(CacheEvent.TTL_HERD, reason, 0.8, f.facts().asTtlHerd())));
                }
            }
        }
    }

    private static Incident incident(List<Finding> findings, List<Occurrences.Occurrence> occurrences,
            Recurrence recurrence) {
        List<Integer> members = new ArrayList<>();
        Set<Integer> folded = new LinkedHashSet<>();
        for (Occurrences.Occurrence o : occurrences) {
            members.addAll(o.members());
            folded.addAll(o.folded());
        }
        members.sort(null);
        Finding worst = null;
        long misses = 0;
        long rebuilds = 0;
        long redundant = 0;
        long patternKeys = 0;
        Set<String> keys = new LinkedHashSet<>();
        Set<String> patterns = new LinkedHashSet<>();
        List<Long> rebuildTimes = new ArrayList<>();
        for (int i : members) {
            Finding f = findings.get(i);
            CacheEvent e = f.event();
            if (e.key() != null) {
                keys.add(e.key());
            }
            patterns.add(e.keyPattern());
            if (f.facts().rebuildMicros() >= 0) {
                rebuildTimes.add(f.facts().rebuildMicros());
            }
            if (f.facts().source() == EventFacts.Source.COORDINATED_EXPIRY) {
                patternKeys = Math.max(patternKeys, e.keys() == null ? 0 : e.keys());
                redundant += e.rebuilds(); // they all land on the backend at once: the load a spread removes
            } else if (!folded.contains(i)) {
                redundant += Math.max(0, e.rebuilds() - 1);
            }
            if (!folded.contains(i)) {
                misses += e.misses();
                rebuilds += e.rebuilds();
            }
            if (worst == null || e.isAlarm() && (!worst.event().isAlarm() || e.rebuilds() > worst.event().rebuilds())) {
                worst = f;
            }
        }
        Finding first = findings.get(members.stream().min((a, b) -> Long.compare(findings.get(a).facts().triggerAt(),
                findings.get(b).facts().triggerAt())).orElseThrow());
        boolean alarm = worst.event().isAlarm();
        List<Diagnosis> diagnoses = Diagnoses.of(findings, members, keys.size(), recurrence, worst.event().kind());
        List<Recommendation> advice = Diagnoses.advise(diagnoses, forAll(worst.event().recommendations(), worst.event(),
                keys.size(), patterns), worst.event());
        Long[] times = rebuildTimes.toArray(new Long[0]);
        Arrays.sort(times);
        Double rebuildMs = times.length == 0 ? null : times[times.length / 2] / 1000.0;
        int keyCount = (int) Math.max(keys.size(), patternKeys);
        java.util.Set<String> nodes = new java.util.HashSet<>();
        members.forEach(i -> nodes.add(findings.get(i).event().node()));
        String node = nodes.size() == 1 ? nodes.iterator().next() : null;
        return new Incident(0, worst.event().kind(), alarm, node, first.event().trigger(), List.copyOf(members), keyCount,
                keys.stream().limit(KEYS_SHOWN).toList(), List.copyOf(patterns), misses, rebuilds, redundant, rebuildMs,
                null, recurrence, diagnoses, advice, "rule", null);
    }

    /**
     * The worst event's advice, said of all the incident's keys when it has several: its key
     * becomes their pattern(s), and its lock key {@code lock:<key>}.
     */
    private static List<Recommendation> forAll(List<Recommendation> advice, CacheEvent worst, int keys,
            Set<String> patterns) {
        if (keys <= 1 || worst.key() == null) {
            return advice;
        }
        String all = String.format(java.util.Locale.ROOT, "the %d keys (%s)", keys,
                String.join(", ", patterns.stream().limit(3).toList()) + (patterns.size() > 3 ? ", …" : ""));
        List<Recommendation> out = new ArrayList<>();
        for (Recommendation r : advice) {
            out.add(new Recommendation(r.rank(), r.action(), said(r.advice(), worst.key(), all), said(r.reason(), worst.key(), all),
                    r.sketch(), r.replay()));
        }
        return out;
    }

    private static String said(String text, String key, String all) {
        return text.replace("lock:" + key, "lock:<key>").replace(key, all);
    }

    static long median(long[] values) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
