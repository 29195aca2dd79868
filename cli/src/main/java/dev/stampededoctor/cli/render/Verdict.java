package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Recommendation;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one paragraph an on-call engineer pastes into the incident channel: what was found, what
 * triggered it, what it cost, and the first fix. Shared by the text and markdown reports.
 */
final class Verdict {
    private static final int EVENTS_NAMED = 3;

    private Verdict() {
    }

    static String of(Report report) {
        List<CacheEvent> alarms = report.events().stream().filter(CacheEvent::isAlarm).toList();
        long informational = report.events().size() - alarms.size();
        String span = report.input().timeSpan() == null ? "" : " in " + Numbers.seconds(report.input().timeSpan().seconds())
                + " of traffic";
        if (alarms.isEmpty()) {
            String healthy = informational > 0
                    ? String.format(Locale.ROOT, " %d miss burst(s) were coalesced into single rebuilds (healthy).", informational)
                    : "";
            return "No stampede or herd found" + span + "." + healthy;
        }
        long stampedes = alarms.stream().filter(e -> e.kind().equals(CacheEvent.INVALIDATION_STAMPEDE)).count();
        long herds = alarms.size() - stampedes;
        List<String> found = new ArrayList<>();
        if (stampedes > 0) {
            found.add(stampedes + " invalidation-driven stampede" + (stampedes > 1 ? "s" : ""));
        }
        if (herds > 0) {
            found.add(herds + " TTL-driven herd" + (herds > 1 ? "s" : ""));
        }
        StringBuilder b = new StringBuilder("Found ").append(String.join(" and ", found)).append(span).append(".");
        alarms.stream().sorted((x, y) -> Long.compare(y.rebuilds(), x.rebuilds())).limit(EVENTS_NAMED)
                .forEach(e -> b.append(' ').append(sentence(e)));
        if (alarms.size() > EVENTS_NAMED) {
            b.append(String.format(Locale.ROOT, " %d more below.", alarms.size() - EVENTS_NAMED));
        }
        return b.toString();
    }

    /** One event in one sentence, with its first fix. */
    static String sentence(CacheEvent e) {
        Trigger t = e.trigger();
        String what = e.key() != null ? e.key() : e.keys() + " keys of " + e.keyPattern();
        String cause = switch (t.cause()) {
            case "command" -> String.format(Locale.ROOT, "%s %s at %s%s%s", t.command(), what, t.time(),
                    t.connection() != null ? " from " + t.connection() : "", t.fromScript() ? " (in a script)" : "");
            case "ttl" -> String.format(Locale.ROOT, "The TTL of %s ran out at %s", what, t.time());
            default -> String.format(Locale.ROOT, "A miss on %s at %s (its trigger precedes the capture)", what, t.time());
        };
        String refill = e.evidence().timeToFirstRefillMs() != null
                ? String.format(Locale.ROOT, "; first refill after %.0f ms", e.evidence().timeToFirstRefillMs()) : "";
        String fix = e.recommendations().isEmpty() ? "" : " Fix first: " + first(e.recommendations());
        return String.format(Locale.ROOT, "%s: %s misses and %s rebuilds followed%s.%s",
                cause, count(e.misses()), count(e.rebuilds()), refill, fix);
    }

    private static String first(List<Recommendation> recommendations) {
        Recommendation r = recommendations.get(0);
        return r.action() + " — " + r.advice();
    }
}
