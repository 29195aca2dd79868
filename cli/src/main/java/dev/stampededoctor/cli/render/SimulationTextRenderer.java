package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;

import dev.stampededoctor.detectors.simulate.PolicyResult;
import dev.stampededoctor.detectors.simulate.SimulationReport;
import java.io.PrintWriter;
import java.util.Locale;

/** The simulation for a terminal: the policy to apply first, the table, then rebuilds over time. */
final class SimulationTextRenderer implements SimulationRenderer {
    private final TextStyle style;

    SimulationTextRenderer() {
        this(TextStyle.PLAIN);
    }

    SimulationTextRenderer(TextStyle style) {
        this.style = style;
    }

    @Override
    public void render(SimulationReport r, PrintWriter out) {
        WordWrap.println(out, style, SimulationText.firstChoice(r), 2,
                r.recommended().policy() == null ? null : style::heading);
        out.println();
        int width = "policy".length();
        for (PolicyResult p : r.policies()) {
            width = Math.max(width, SimulationText.label(p.policy(), p.parameters()).length());
        }
        String row = "%-" + width + "s  %9s  %5s  %9s  %10s%n";
        out.printf(Locale.ROOT, row, "policy", "rebuilds", "peak", "misses", "max stale");
        for (PolicyResult p : r.policies()) {
            out.printf(Locale.ROOT, row, SimulationText.label(p.policy(), p.parameters()), count(p.rebuilds()),
                    count(p.peakConcurrentRebuilds()), count(p.misses()), SimulationText.ms(p.maxStaleMs()));
        }
        out.println();
        int max = SimulationText.chartMax(r);
        WordWrap.println(out, style, SimulationText.chartHeading(r) .replaceAll(":$", "")
                + " (one scale for all rows: " + Sparkline.scale(max, "") + "):", 2);
        int names = r.policies().stream().mapToInt(p -> p.policy().length()).max().orElse(0);
        for (PolicyResult p : r.policies()) {
            // A chart row is one token: wider than the terminal, it overflows rather than breaks.
            out.printf(Locale.ROOT, "%-" + names + "s  %s%n", p.policy(), Sparkline.of(p.rebuildsPerBucket(), max, style));
        }
        out.println();
        WordWrap.println(out, style, SimulationText.summary(r), 2);
        WordWrap.println(out, style, SimulationText.rebuildTime(r), 2);
        WordWrap.println(out, style, SimulationText.observed(r), 2);
        String untracked = SimulationText.untracked(r);
        if (untracked != null) {
            WordWrap.println(out, style, untracked, 2);
        }
        out.flush();
    }
}
