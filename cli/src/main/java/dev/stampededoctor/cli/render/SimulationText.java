package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.simulate.PolicyResult;
import dev.stampededoctor.detectors.simulate.SimulationReport;
import java.time.Instant;
import java.util.Locale;

/** The sentences and figures the text and Markdown views of a simulation share. */
final class SimulationText {
    private SimulationText() {
    }

    static String summary(SimulationReport r) {
        return String.format(Locale.ROOT, "Replayed %s commands over %s (%s %s) under %d policies.",
                Numbers.count(r.input().parsed()), Numbers.seconds(r.input().seconds()), Numbers.count(r.input().keys()),
                r.input().keys() == 1 ? "key" : "distinct keys", r.policies().size());
    }

    static String rebuildTime(SimulationReport r) {
        String ms = ms(r.rebuildMs());
        return switch (r.rebuildMsSource()) {
            case "capture" -> String.format(Locale.ROOT, "Each rebuild takes %s: the median miss-to-refill time of the"
                    + " capture's %s rebuilds.", ms, Numbers.count(r.observed().rebuilds()));
            case "option" -> "Each rebuild takes " + ms + " (--rebuild-ms).";
            default -> "Each rebuild takes " + ms + ": the capture shows no rebuild to time (--rebuild-ms sets it).";
        };
    }

    static String observed(SimulationReport r) {
        return String.format(Locale.ROOT, "The capture itself shows %s rebuilds (at most %s at once) and %s misses.",
                Numbers.count(r.observed().rebuilds()), Numbers.count(r.observed().peakConcurrentRebuilds()),
                Numbers.count(r.observed().misses()));
    }

    static String untracked(SimulationReport r) {
        return r.input().untracked() == 0 ? null : String.format(Locale.ROOT,
                "%s operations on keys past --max-keys were left out.", Numbers.count(r.input().untracked()));
    }

    static String firstChoice(SimulationReport r) {
        if (r.recommended().policy() == null) {
            return "Nothing to apply first: " + r.recommended().reason();
        }
        return "Apply first: " + label(r.recommended().policy(), r.recommended().parameters()) + ": "
                + r.recommended().reason();
    }

    static String chartHeading(SimulationReport r) {
        Instant start = Instant.ofEpochSecond(r.timeline().start().longValue(),
                r.timeline().start().remainder(java.math.BigDecimal.ONE).movePointRight(9).longValue());
        long bucket = r.timeline().bucketMs();
        String width = bucket < 1000 ? bucket + " ms" : bucket % 1000 == 0 ? bucket / 1000 + " s" : Numbers.seconds(bucket / 1000.0);
        return String.format(Locale.ROOT, "Rebuilds over time, %s per column from %s:", width, start);
    }

    /** The policy's row of the chart, on one scale for all policies so that rows compare. */
    static String chart(PolicyResult p, int max) {
        return Sparkline.of(p.rebuildsPerBucket(), max);
    }

    static int chartMax(SimulationReport r) {
        int max = 0;
        for (PolicyResult p : r.policies()) {
            for (int v : p.rebuildsPerBucket()) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    static String label(String policy, String parameters) {
        return parameters.isEmpty() ? policy : policy + " " + parameters;
    }

    static String ms(double ms) {
        if (ms == 0) {
            return "0 ms";
        }
        if (ms >= 1000) {
            return Numbers.seconds(ms / 1000);
        }
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }
}
