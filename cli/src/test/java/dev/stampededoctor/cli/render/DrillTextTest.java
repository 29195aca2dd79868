package dev.stampededoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.drill.DrillReport;
import dev.stampededoctor.cli.drill.DrillResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillTextTest {

    private static DrillResult run(String mitigation, boolean addresses, long queries, boolean healthy,
            DrillResult.Prediction predicted) {
        return run(mitigation, addresses, queries, healthy, predicted, "pooled", 1, null);
    }

    private static DrillResult run(String mitigation, boolean addresses, long queries, boolean healthy,
            DrillResult.Prediction predicted, String connections, int processes, List<String> shared) {
        return new DrillResult("invalidation", mitigation, addresses, 8, connections, processes, shared, 3_400, "stampede-doctor:drill:abc:", 1, 12_000,
                healthy ? 110 : 24, queries, 0, healthy ? 1 : 8, null,
                new DrillResult.Latency(0.1, 1.0, 53.1, 55.8, 12_000), List.of(BigDecimal.valueOf(1795526511229L, 3)),
                new DrillResult.Verdict(healthy, healthy ? List.of() : List.of("invalidation-stampede"), List.of()),
                predicted, List.of("A note."));
    }

    private static DrillReport report() {
        DrillResult.Prediction p = new DrillResult.Prediction(51.1, List.of(
                new DrillResult.PolicyPrediction("as-is", "", 24, 8),
                new DrillResult.PolicyPrediction("lock", "", 3, 1)));
        return new DrillReport(new DrillReport.Setup("redis://h:6379", "postgresql://u@h/db", "invalidation", "lock", true,
                8, "pooled", 1, 3_000, 3_000, 500, 50, 10),
                List.of(run("none", false, 24, false, p), run("lock", true, 3, true, null)),
                new DrillReport.Comparison("lock", 24, 3, 3L, 8, 1, false, true,
                        "lock removes the stampede: 3 backend queries instead of 24."),
                new DrillReport.Cleanup(true, List.of()));
    }

    @Test
    void text_leads_with_the_conclusion_and_puts_the_runs_side_by_side() {
        StringWriter out = new StringWriter();
        DrillText.text(report(), new PrintWriter(out));
        String text = out.toString();
        assertThat(text.lines().findFirst()).hasValue("lock removes the stampede: 3 backend queries instead of 24.");
        assertThat(text).containsPattern("verdict\\s+invalidation-stampede\\s+healthy");
        assertThat(text).containsPattern("backend queries\\s+24\\s+3");
        assertThat(text).containsPattern("simulate: lock\\s+3\\s+-");
        assertThat(text).containsPattern("read latency p99.9\\s+53.1 ms");
        assertThat(text).contains("A note.", "Cleanup: the drill's table and keys were removed.");
        assertThat(text).containsPattern("Redis connections\\s+pooled, one per client\\s+pooled, one per client");
    }

    @Test
    void html_leads_with_the_conclusion_and_charts_the_queries_of_each_run_and_the_predictions() throws Exception {
        StringWriter out = new StringWriter();
        DrillHtml.write(report(), new PrintWriter(out));
        org.w3c.dom.Document d = HtmlPages.parse(out.toString());
        assertThat(HtmlPages.select(d, "//p[contains(@class, 'verdict')]").item(0).getTextContent())
                .isEqualTo("lock removes the stampede: 3 backend queries instead of 24.");
        String svg = HtmlPages.svgText(d);
        assertThat(svg).contains("Backend queries per run", "none, queries: 24", "lock, queries: 3",
                "Peak concurrent rebuild queries per run", "predicted rebuilds per policy");
        assertThat(out.toString()).contains("<td class=\"n\">24</td>", "A note.");
    }

    @Test
    void a_shared_connection_run_names_its_processes_connections() {
        DrillReport shared = new DrillReport(report().drill(), List.of(run("none", false, 24, false, null, "shared", 2,
                List.of("127.0.0.21:40001", "127.0.0.22:40002"))), null, new DrillReport.Cleanup(true, List.of()));
        StringWriter out = new StringWriter();
        DrillText.text(shared, new PrintWriter(out));
        assertThat(out.toString()).contains("shared, 2 process(es) from 127.0.0.21:40001 127.0.0.22:40002");
    }

    @Test
    void markdown_is_a_table_and_a_run_that_is_no_fix_says_so() {
        DrillReport single = new DrillReport(report().drill(), List.of(run("jitter", false, 24, false, null)), null,
                new DrillReport.Cleanup(false, List.of("table stampede_doctor_drill_abc (connection refused)")));
        StringWriter out = new StringWriter();
        DrillText.markdown(single, new PrintWriter(out));
        String md = out.toString();
        assertThat(md).startsWith("# stampede-doctor drill: invalidation");
        assertThat(md).contains("|---|---|", "| backend queries | 24 |");
        assertThat(md).contains("jitter does not address the cause of the invalidation scenario");
        assertThat(md).contains("Cleanup incomplete: table stampede_doctor_drill_abc (connection refused)");
    }
}
