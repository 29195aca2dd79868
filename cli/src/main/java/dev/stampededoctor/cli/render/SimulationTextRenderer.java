package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;

import dev.stampededoctor.detectors.simulate.PolicyResult;
import dev.stampededoctor.detectors.simulate.SimulationReport;
import java.io.PrintWriter;

/** The simulation for a terminal: the policy to apply first, the table, then rebuilds over time. */
final class SimulationTextRenderer implements SimulationRenderer {

    @Override
    public void render(SimulationReport r, PrintWriter out) {
        out.println(SimulationText.firstChoice(r));
        out.println();
        int width = "policy".length();
        for (PolicyResult p : r.policies()) {
            width = Math.max(width, SimulationText.label(p.policy(), p.parameters()).length());
        }
        String row = "%-" + width + "s  %9s  %5s  %9s  %10s%n";
        out.printf(row, "policy", "rebuilds", "peak", "misses", "max stale");
        for (PolicyResult p : r.policies()) {
            out.printf(row, SimulationText.label(p.policy(), p.parameters()), count(p.rebuilds()),
                    count(p.peakConcurrentRebuilds()), count(p.misses()), SimulationText.ms(p.maxStaleMs()));
        }
        out.println();
        out.println(SimulationText.chartHeading(r));
        int names = r.policies().stream().mapToInt(p -> p.policy().length()).max().orElse(0);
        int max = SimulationText.chartMax(r);
        for (PolicyResult p : r.policies()) {
            out.printf("%-" + names + "s  %s%n", p.policy(), SimulationText.chart(p, max));
        }
        out.println();
        out.println(SimulationText.summary(r));
        out.println(SimulationText.rebuildTime(r));
        out.println(SimulationText.observed(r));
        String untracked = SimulationText.untracked(r);
        if (untracked != null) {
            out.println(untracked);
        }
        out.flush();
    }
}
