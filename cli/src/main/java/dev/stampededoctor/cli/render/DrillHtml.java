package dev.stampededoctor.cli.render;

import dev.stampededoctor.cli.drill.DrillReport;
import dev.stampededoctor.cli.drill.DrillResult;
import dev.stampededoctor.cli.render.html.HtmlDocument;
import dev.stampededoctor.cli.render.html.SvgBarChart;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A drill as an HTML page: the headline, backend queries and their peak per run, then the table of the text report. */
public final class DrillHtml {
    private DrillHtml() {
    }

    public static void write(DrillReport r, PrintWriter out) {
        HtmlDocument doc = new HtmlDocument(out, "stampede-doctor drill: " + r.drill().scenario());
        doc.element("h1", "stampede-doctor drill: " + r.drill().scenario());
        doc.element("p", "meta", r.drill().redis() + " · " + r.drill().postgres()
                + (r.generatedAt() != null ? " · generated " + r.generatedAt() : ""));
        boolean healthy = r.runs().get(r.runs().size() - 1).verdict().healthy();
        doc.element("p", healthy ? "verdict healthy" : "verdict", DrillText.headline(r));
        List<String> runs = r.runs().stream().map(DrillResult::mitigation).toList();
        doc.figure(new SvgBarChart("Backend queries per run (rebuilds sent to PostgreSQL)", "mitigation", "queries", runs)
                .series("queries", "s-a", r.runs().stream().mapToDouble(DrillResult::backendQueries).toArray()).svg(), null);
        if (r.runs().stream().allMatch(x -> x.peakConcurrentQueries() != null)) {
            doc.figure(new SvgBarChart("Peak concurrent rebuild queries per run (pg_stat_activity every 10 ms)", "mitigation",
                    "queries at once", runs)
                    .series("peak", "s-flight", r.runs().stream().mapToDouble(DrillResult::peakConcurrentQueries).toArray())
                    .svg(), null);
        }
        DrillResult first = r.runs().get(0);
        if (first.predicted() != null && !first.predicted().policies().isEmpty()) {
            List<DrillResult.PolicyPrediction> p = first.predicted().policies();
            doc.figure(new SvgBarChart("simulate on the " + first.mitigation() + " run's capture: predicted rebuilds per policy",
                    "policy", "rebuilds", p.stream().map(DrillResult.PolicyPrediction::policy).toList())
                    .series("rebuilds", "s-b", p.stream().mapToDouble(DrillResult.PolicyPrediction::rebuilds).toArray()).svg(),
                    null);
        }
        List<String[]> rows = DrillText.rows(r);
        List<List<String>> body = new ArrayList<>();
        for (String[] row : rows.subList(1, rows.size())) {
            body.add(Arrays.asList(row));
        }
        List<String> headers = Arrays.asList(rows.get(0));
        doc.table(headers, body, headers.subList(1, headers.size()));
        doc.list(false, null, DrillText.notes(r));
        doc.end();
    }
}
