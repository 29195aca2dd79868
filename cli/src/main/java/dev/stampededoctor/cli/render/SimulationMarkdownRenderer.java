package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;

import dev.stampededoctor.detectors.simulate.PolicyResult;
import dev.stampededoctor.detectors.simulate.SimulationReport;
import java.io.PrintWriter;
import java.util.Locale;

/** The simulation as Markdown, for a design document or a ticket. */
final class SimulationMarkdownRenderer implements SimulationRenderer {

    @Override
    public void render(SimulationReport r, PrintWriter out) {
        out.println("# stampede-doctor simulation");
        out.println();
        out.println("**" + SimulationText.firstChoice(r) + "**");
        out.println();
        out.println("| policy | parameters | rebuilds | peak concurrent rebuilds | misses | max stale |");
        out.println("|---|---|---:|---:|---:|---:|");
        for (PolicyResult p : r.policies()) {
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", p.policy(), p.parameters().isEmpty() ? "" : "`" + p.parameters() + "`",
                    count(p.rebuilds()), count(p.peakConcurrentRebuilds()), count(p.misses()),
                    SimulationText.ms(p.maxStaleMs()));
        }
        out.println();
        out.println(SimulationText.chartHeading(r));
        out.println();
        out.println("```");
        int names = r.policies().stream().mapToInt(p -> p.policy().length()).max().orElse(0);
        int max = SimulationText.chartMax(r);
        for (PolicyResult p : r.policies()) {
            out.printf(Locale.ROOT, "%-" + names + "s  %s%n", p.policy(), SimulationText.chart(p, max));
        }
        out.println("```");
        out.println();
        out.println(SimulationText.summary(r) + " " + SimulationText.rebuildTime(r) + " " + SimulationText.observed(r));
        String untracked = SimulationText.untracked(r);
        if (untracked != null) {
            out.println();
            out.println(untracked);
        }
        out.flush();
    }
}
