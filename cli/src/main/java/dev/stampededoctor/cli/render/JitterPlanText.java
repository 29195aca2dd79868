package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.ttl.Durations;
import dev.stampededoctor.detectors.ttl.ExpiryHistogram;
import dev.stampededoctor.detectors.ttl.JitterPlan;
import java.io.PrintWriter;
import java.util.Locale;

/** A jitter plan for people: counts, then the expiry histograms before and after on one scale. */
public final class JitterPlanText {
    private JitterPlanText() {
    }

    public static void print(JitterPlan plan, String match, PrintWriter out) {
        out.printf(Locale.ROOT, "%s keys match %s: %s with a TTL would get a new one (±%s %%), %s without a TTL stay"
                + " as they are.%n", Numbers.count(plan.matched()), match, Numbers.count(plan.changed()),
                percent(plan.spreadPercent()), Numbers.count(plan.withoutTtl()));
        if (plan.changed() == 0) {
            out.flush();
            return;
        }
        histogram("before", plan.before(), out);
        histogram("after ", plan.after(), out);
        out.printf(Locale.ROOT, "most expiries within %s: %s before, %s after%n", Durations.text(plan.windowMs()),
                Numbers.count(plan.peakKeysBefore()), Numbers.count(plan.peakKeysAfter()));
        out.flush();
    }

    /** The expiry histogram of keys as they are now. */
    public static void histogram(String label, ExpiryHistogram h, PrintWriter out) {
        out.printf(Locale.ROOT, "  %s  now %s %s%n", label, Sparkline.of(h.counts()), Durations.text(h.horizonMs()));
    }

    /** A percentage as the user would type it: {@code 10}, {@code 0.5}. */
    public static String percent(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
