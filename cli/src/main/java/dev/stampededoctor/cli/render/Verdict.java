package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.Recurrence;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an on-call engineer pastes into the incident channel: the verdict's sentence, then one
 * short line per incident, worst first. Shared by the text and markdown reports.
 */
public final class Verdict {
    static final int INCIDENTS_NAMED = 5;
    private static final int PATTERNS_NAMED = 2;

    private Verdict() {
    }

    static String summary(Report report) {
        return report.verdict().summary();
    }

    /** One line per alarm incident (the first {@link #INCIDENTS_NAMED}), then "N more" when there are. */
    static List<String> lines(Report report) {
        List<Incident> alarms = report.incidents().stream().filter(Incident::alarm).toList();
        List<String> out = new ArrayList<>();
        for (Incident i : alarms.subList(0, Math.min(INCIDENTS_NAMED, alarms.size()))) {
            out.add(i.rank() + ". " + line(i));
        }
        if (alarms.size() > INCIDENTS_NAMED) {
            out.add(String.format(Locale.ROOT, "%d more below.", alarms.size() - INCIDENTS_NAMED));
        }
        return out;
    }

    /** The incident in one line: what happened, what it cost, the first fix. */
    public static String line(Incident i) {
        String fix = i.recommendations().isEmpty() ? "" : "; fix: " + i.recommendations().get(0).action();
        String cost = i.alarm()
                ? String.format(Locale.ROOT, "%s rebuilds, %s redundant", count(i.rebuilds()), count(i.redundantRebuilds()))
                : String.format(Locale.ROOT, "%s misses coalesced into %s rebuild (healthy)", count(i.misses()),
                        count(i.rebuilds()));
        return what(i) + recurs(i.recurrence()) + ": " + cost + fix;
    }

    /** What happened, in a few words: the trigger and the keys. */
    static String what(Incident i) {
        Trigger t = i.trigger();
        String keys = keys(i);
        String cold = i.diagnoses().stream().anyMatch(d -> d.code().equals("cold-start")) ? " (cold start)" : "";
        return switch (t.cause()) {
            case "command" -> String.format(Locale.ROOT, "%s %s%s%s", t.command(), i.keyCount() > 1 ? "of " + keys : keys,
                    t.connection() != null ? " from " + t.connection() : "", t.fromScript() ? " (in a script)" : "");
            case "ttl" -> (i.keyCount() > 1 ? "coordinated expiry of " : "TTL expiry of ") + keys;
            case "soft-expiry" -> "refresh herd on " + keys + " (soft expiry)";
            default -> (i.kind().equals(CacheEvent.TTL_HERD) ? "TTL herd on " : "unexplained stampede on ") + keys + cold;
        };
    }

    /** {@code price:sku-3}, or {@code 10 keys price:sku-*}. */
    static String keys(Incident i) {
        if (i.keyCount() <= 1 && !i.keys().isEmpty()) {
            return i.keys().get(0);
        }
        List<String> patterns = i.keyPatterns();
        String shown = String.join(", ", patterns.subList(0, Math.min(PATTERNS_NAMED, patterns.size())))
                + (patterns.size() > PATTERNS_NAMED ? ", …" : "");
        return String.format(Locale.ROOT, "%s keys %s", count(i.keyCount()), shown);
    }

    private static String recurs(Recurrence r) {
        if (r == null) {
            return "";
        }
        return String.format(Locale.ROOT, ", %d× every %s%s", r.count(), Numbers.rate(r.periodSeconds()) + " s",
                Boolean.TRUE.equals(r.matchesTtl()) ? " (its TTL)" : "");
    }
}
