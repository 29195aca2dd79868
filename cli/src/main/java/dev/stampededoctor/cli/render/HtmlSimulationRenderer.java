package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;

import dev.stampededoctor.cli.render.html.HtmlDocument;
import dev.stampededoctor.cli.render.html.SvgBarChart;
import dev.stampededoctor.cli.render.html.SvgTimeChart;
import dev.stampededoctor.detectors.simulate.PolicyResult;
import dev.stampededoctor.detectors.simulate.SimulationReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The simulation as an HTML page: the first choice, rebuilds and peak per policy, rebuilds over time. */
final class HtmlSimulationRenderer implements SimulationRenderer {
    private static final String[] SERIES = {"s-reads", "s-a", "s-b", "s-fill", "s-flight", "s-db", "s-miss"};

    @Override
    public void render(SimulationReport r, PrintWriter out) {
        HtmlDocument doc = new HtmlDocument(out, "stampede-doctor simulation");
        doc.element("h1", "stampede-doctor simulation");
        if (r.target() != null && r.target().files() != null) {
            doc.element("p", "meta", String.join(", ", r.target().files())
                    + (r.generatedAt() != null ? " · generated " + r.generatedAt() : ""));
        }
        doc.element("p", "verdict", SimulationText.firstChoice(r));
        doc.element("p", SimulationText.summary(r) + " " + SimulationText.rebuildTime(r) + " " + SimulationText.observed(r));
        List<String> labels = r.policies().stream().map(p -> SimulationText.label(p.policy(), p.parameters())).toList();
        doc.figure(new SvgBarChart("Rebuilds per policy (backend queries over the whole capture)", "policy", "rebuilds", labels)
                .series("rebuilds", "s-a", r.policies().stream().mapToDouble(PolicyResult::rebuilds).toArray()).svg(), null);
        doc.figure(new SvgBarChart("Peak concurrent rebuilds per policy", "policy", "rebuilds at once", labels)
                .series("peak", "s-flight", r.policies().stream().mapToDouble(PolicyResult::peakConcurrentRebuilds).toArray())
                .svg(), null);
        if (r.timeline() != null && r.timeline().buckets() > 0) {
            double dx = r.timeline().bucketMs() / 1000.0;
            SvgTimeChart chart = new SvgTimeChart("Rebuilds over time, per policy",
                    "seconds from the first command (" + count(r.timeline().bucketMs()) + " ms per point)",
                    "rebuilds per " + count(r.timeline().bucketMs()) + " ms");
            for (int k = 0; k < r.policies().size(); k++) {
                PolicyResult p = r.policies().get(k);
                double[] v = new double[p.rebuildsPerBucket().length];
                for (int b = 0; b < v.length; b++) {
                    v[b] = p.rebuildsPerBucket()[b];
                }
                chart.series(p.policy(), SERIES[k % SERIES.length], 0, dx, v);
            }
            doc.figure(chart.svg(), null);
        }
        List<List<String>> rows = new ArrayList<>();
        for (PolicyResult p : r.policies()) {
            rows.add(List.of(p.policy(), p.parameters(), count(p.rebuilds()), count(p.peakConcurrentRebuilds()),
                    count(p.misses()), SimulationText.ms(p.maxStaleMs())));
        }
        doc.table(List.of("policy", "parameters", "rebuilds", "peak concurrent rebuilds", "misses", "max stale"), rows,
                List.of("rebuilds", "peak concurrent rebuilds", "misses", "max stale"));
        String untracked = SimulationText.untracked(r);
        if (untracked != null) {
            doc.element("p", untracked);
        }
        doc.end();
    }
}
