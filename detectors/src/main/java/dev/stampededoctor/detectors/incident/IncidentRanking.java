package dev.stampededoctor.detectors.incident;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.VerdictSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Orders incidents by impact, worst first: problems before informational findings, then the
 * database time their redundant rebuilds cost where PostgreSQL's samples show their queries (those
 * without such evidence after), then the redundant rebuilds themselves, then all rebuilds, then
 * time. Makes the verdict's sentence.
 */
public final class IncidentRanking {
    private IncidentRanking() {
    }

    /** Database time shown to be wasted first (those without it after), then redundant rebuilds. */
    static final Comparator<Incident> WORST_FIRST = (a, b) -> {
        int c = Boolean.compare(b.alarm(), a.alarm());
        c = c != 0 ? c : Double.compare(wastedOrNone(b), wastedOrNone(a));
        c = c != 0 ? c : Long.compare(b.redundantRebuilds(), a.redundantRebuilds());
        c = c != 0 ? c : Long.compare(b.rebuilds(), a.rebuilds());
        return c != 0 ? c : a.trigger().at().compareTo(b.trigger().at());
    };

    private static double wastedOrNone(Incident i) {
        return i.wastedDbMs() == null ? -1 : i.wastedDbMs();
    }

    /** The incidents sorted worst first, with their ranks. */
    public static List<Incident> rank(List<Incident> incidents) {
        List<Incident> sorted = new ArrayList<>(incidents);
        sorted.sort(WORST_FIRST);
        List<Incident> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            out.add(sorted.get(i).withRank(i + 1));
        }
        return List.copyOf(out);
    }

    /**
     * The report's verdict: one sentence, with the counts. {@code span} is the traffic's length in
     * words ("12.3 s"), or null when the capture had no timestamps.
     */
    public static VerdictSummary verdict(List<Incident> incidents, String span) {
        List<Incident> alarms = incidents.stream().filter(Incident::alarm).toList();
        long misses = alarms.stream().mapToLong(Incident::misses).sum();
        long rebuilds = alarms.stream().mapToLong(Incident::rebuilds).sum();
        long redundant = alarms.stream().mapToLong(Incident::redundantRebuilds).sum();
        String in = span == null ? "" : " in " + span + " of traffic";
        String summary;
        if (alarms.isEmpty()) {
            long coalesced = incidents.size();
            summary = "No stampede or herd found" + in + "."
                    + (coalesced > 0 ? String.format(Locale.ROOT, " %d miss burst(s) were coalesced into single rebuilds"
                            + " (healthy).", coalesced) : "");
        } else {
            List<String> kinds = new ArrayList<>();
            count(kinds, alarms, CacheEvent.INVALIDATION_STAMPEDE, "invalidation-driven stampede");
            count(kinds, alarms, CacheEvent.TTL_HERD, "TTL-driven herd");
            count(kinds, alarms, CacheEvent.UNEXPLAINED_STAMPEDE, "unexplained stampede");
            summary = String.format(Locale.ROOT, "%d incident%s%s: %s; %,d misses and %,d rebuilds, %,d of them"
                    + " redundant.", alarms.size(), alarms.size() == 1 ? "" : "s", in, String.join(", ", kinds), misses,
                    rebuilds, redundant);
        }
        return new VerdictSummary(summary, incidents.size(), alarms.size(), misses, rebuilds);
    }

    private static void count(List<String> out, List<Incident> alarms, String kind, String words) {
        long n = alarms.stream().filter(i -> i.kind().equals(kind)).count();
        if (n > 0) {
            out.add(n + " " + words + (n > 1 ? "s" : ""));
        }
    }
}
