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
        print(plan, match, out, TextStyle.PLAIN);
    }

    /** The plan wrapped to the style's width, its histograms in the style's characters with their scale. */
    public static void print(JitterPlan plan, String match, PrintWriter out, TextStyle style) {
        WordWrap.println(out, style, String.format(Locale.ROOT, "%s keys match %s: %s with a TTL would get a new one"
                + " (±%s %%), %s without a TTL stay as they are.", Numbers.count(plan.matched()), match,
                Numbers.count(plan.changed()), percent(plan.spreadPercent()), Numbers.count(plan.withoutTtl())), 2);
        if (plan.nodes() != null) {
            for (JitterPlan.NodeKeys n : plan.nodes()) {
                WordWrap.println(out, style, String.format(Locale.ROOT, "  on %s: %s match, %s would change, %s"
                        + " without a TTL%s", n.node(), Numbers.count(n.matched()), Numbers.count(n.changed()),
                        Numbers.count(n.withoutTtl()), n.truncated() ? " (stopped at its share of --max-keys)" : ""), 6);
            }
        }
        if (plan.changed() == 0) {
            out.flush();
            return;
        }
        // One scale for both rows, so that the flattening shows.
        int max = Math.max(Sparkline.max(plan.before().counts()), Sparkline.max(plan.after().counts()));
        histogram("before", plan.before(), max, out, style);
        histogram("after ", plan.after(), max, out, style);
        WordWrap.println(out, style, String.format(Locale.ROOT, "most expiries within %s: %s before, %s after",
                Durations.text(plan.windowMs()), Numbers.count(plan.peakKeysBefore()), Numbers.count(plan.peakKeysAfter())), 2);
        out.flush();
    }

    /** The expiry histogram of keys as they are now. */
    public static void histogram(String label, ExpiryHistogram h, PrintWriter out) {
        histogram(label, h, out, TextStyle.PLAIN);
    }

    /** The expiry histogram of keys as they are now, in the style's characters with its scale. */
    public static void histogram(String label, ExpiryHistogram h, PrintWriter out, TextStyle style) {
        histogram(label, h, Sparkline.max(h.counts()), out, style);
    }

    private static void histogram(String label, ExpiryHistogram h, int max, PrintWriter out, TextStyle style) {
        WordWrap.println(out, style, String.format(Locale.ROOT, "  %s  now %s %s", label,
                Sparkline.labelled(h.counts(), max, " keys", style), Durations.text(h.horizonMs())), 14);
    }

    /** A percentage as the user would type it: {@code 10}, {@code 0.5}. */
    public static String percent(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
