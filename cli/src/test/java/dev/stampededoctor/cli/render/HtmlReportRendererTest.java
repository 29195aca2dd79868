package dev.stampededoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.StampedeCapture;
import dev.stampededoctor.cli.render.html.Html;
import dev.stampededoctor.cli.render.html.SvgBarChart;
import dev.stampededoctor.cli.render.html.SvgTimeChart;
import dev.stampededoctor.cli.render.html.Ticks;
import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import dev.stampededoctor.detectors.ttl.TtlAuditRules;
import dev.stampededoctor.detectors.ttl.TtlAuditor;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HtmlReportRendererTest {
    private static final String SCRIPT_KEY = StampedeCapture.SCRIPT_KEY;

    private static Report analyze(InputStream in) throws Exception {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.read("capture.log", in);
        return analyzer.report();
    }

    private static String html(Report report) {
        StringWriter out = new StringWriter();
        OutputFormat.html.prepare().get().render(report, new PrintWriter(out));
        return out.toString();
    }

    @Test
    void escapes_the_five_markup_characters_and_the_control_bytes_xml_forbids() {
        assertThat(Html.escape(SCRIPT_KEY)).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(Html.escape("a&b\"c'd")).isEqualTo("a&amp;b&quot;c&#39;d");
        assertThat(Html.escape("k\u0000\u0007e\ty")).isEqualTo("k\uFFFD\uFFFDe\ty");
        assertThat(Html.escape("plain:key")).isEqualTo("plain:key");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void a_key_holding_markup_is_text_in_the_page_and_never_an_element() throws Exception {
        Report report = analyze(new ByteArrayInputStream(StampedeCapture.on(SCRIPT_KEY).getBytes(StandardCharsets.UTF_8)));
        assertThat(report.incidents()).isNotEmpty();
        String html = html(report);
        assertThat(html).doesNotContain(SCRIPT_KEY).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        Document d = HtmlPages.parse(html);
        assertThat(HtmlPages.select(d, "//script").getLength()).isZero();
        assertThat(d.getDocumentElement().getTextContent()).contains(SCRIPT_KEY);
        assertThat(HtmlPages.svgText(d)).contains("#1 " + SCRIPT_KEY + ": 6 misses, 6 rebuilds");
    }

    @Test
    void the_example_page_starts_with_the_verdict_and_charts_the_capture_and_the_incident_with_its_numbers() throws Exception {
        Report report;
        try (InputStream in = Files.newInputStream(Path.of("../examples/invalidation-stampede.monitor.log"))) {
            report = analyze(in);
        }
        String html = html(report);
        Document d = HtmlPages.parse(html);
        assertThat(HtmlPages.select(d, "//p[@class='verdict']").item(0).getTextContent())
                .isEqualTo(report.verdict().summary());
        assertThat(HtmlPages.select(d, "//ul[@class='ranked']/li").item(0).getTextContent())
                .startsWith("1. DEL product:42:detail");
        // The verdict comes before the first chart.
        assertThat(html.indexOf("class=\"verdict\"")).isLessThan(html.indexOf("<svg"));
        String svg = HtmlPages.svgText(d);
        assertThat(svg).contains("The whole capture: reads, misses and fills", "#1 product:42:detail: 6 misses, 6 rebuilds",
                "#1 rebuilds in flight: peak 6 at once", "seconds from the first command", "ms from the trigger");
        // Every trigger marked, each incident shaded.
        assertThat(HtmlPages.select(d, "(//svg)[1]//*[@class='mark']").getLength()).isEqualTo(1);
        assertThat(HtmlPages.select(d, "(//svg)[1]//*[@class='shade']").getLength()).isEqualTo(1);
        // Self-contained: nothing to fetch (the only URIs are the XHTML and SVG namespace names).
        assertThat(html).doesNotContain("src=", "href=", "url(", "@import", "<link").contains("@media print");
    }

    @Test
    void with_postgres_samples_the_page_charts_active_queries_on_the_capture_axis(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path capture = dir.resolve("capture.log");
        Files.writeString(capture, StampedeCapture.on("page:1"));
        // The capture starts at 1,800,000,000 s; its DEL comes 1.005 s later, the rebuilds after it.
        StringBuilder samples = new StringBuilder();
        for (long at = 1_800_000_000_000_000L; at < 1_800_000_001_500_000L; at += 10_000) {
            boolean rebuilding = at > 1_800_000_001_005_000L && at < 1_800_000_001_130_000L;
            samples.append("{\"at\": ").append(at).append(", \"rows\": [");
            for (int i = 0; rebuilding && i < 6; i++) {
                samples.append(i == 0 ? "" : ", ").append("{\"pid\": ").append(100 + i)
                        .append(", \"queryId\": null, \"query\": \"select body from pages where id = $1\", \"queryStart\": ")
                        .append(1_800_000_001_006_000L).append('}');
            }
            samples.append("]}\n");
        }
        Path pg = dir.resolve("pg-samples.jsonl");
        Files.writeString(pg, samples);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        dev.stampededoctor.cli.Main.run(new PrintWriter(out), new PrintWriter(err), java.util.Map.of("LANG", "C.UTF-8"),
                false, "analyze", "--format", "html", "--pg-samples", pg.toString(), capture.toString());
        Document d = HtmlPages.parse(out.toString());
        String svg = HtmlPages.svgText(d);
        assertThat(svg).as("%s", err).contains("PostgreSQL: active queries (pg_stat_activity)", "active queries");
        // Its y-axis reaches the six concurrent rebuild queries.
        assertThat(HtmlPages.select(d, "//svg[.//text='PostgreSQL: active queries (pg_stat_activity)']//text[.='6']")
                .getLength()).isEqualTo(1);
    }

    @Test
    void the_simulation_page_charts_rebuilds_and_peak_per_policy_and_over_time() throws Exception {
        StringWriter out = new StringWriter();
        dev.stampededoctor.cli.Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), java.util.Map.of("LANG", "C.UTF-8"),
                false, "simulate", "--format", "html", "../examples/ttl-herd.monitor.log");
        Document d = HtmlPages.parse(out.toString());
        String svg = HtmlPages.svgText(d);
        assertThat(svg).contains("Rebuilds per policy", "Peak concurrent rebuilds per policy", "Rebuilds over time, per policy",
                "stale-while-revalidate", "as-is");
        assertThat(HtmlPages.select(d, "//svg").getLength()).isEqualTo(3);
    }

    @Test
    void the_ttl_audit_page_draws_each_patterns_expiries_and_the_jitter_before_and_after() throws Exception {
        long now = 1_800_000_000_000L;
        TtlAuditor auditor = new TtlAuditor(TtlAuditRules.defaults(), 1_000);
        for (int i = 0; i < 500; i++) {
            byte[] k = ("session:" + (100_000 + i)).getBytes(StandardCharsets.UTF_8);
            auditor.add(k, 0, k.length, 1_800_000 - i, now);
        }
        byte[] odd = (SCRIPT_KEY + ":1").getBytes(StandardCharsets.UTF_8);
        auditor.add(odd, 0, odd.length, 60_000, now);
        TtlAuditReport report = auditor.report(120, now, false, "stampede-doctor jitter plan --redis redis://cache:6379");
        StringWriter out = new StringWriter();
        TtlAuditFormat.html.renderer(20).render(report, new PrintWriter(out));
        Document d = HtmlPages.parse(out.toString());
        assertThat(HtmlPages.select(d, "//script").getLength()).isZero();
        String svg = HtmlPages.svgText(d);
        assertThat(svg).contains("Expiries of session:*", "now and with ±", "keys expiring together", "500");
    }

    @Test
    void ticks_are_round_and_cover_the_maximum() {
        assertThat(Ticks.upTo(6).values()).containsExactly(0.0, 2.0, 4.0, 6.0);
        assertThat(Ticks.upTo(0).max()).isEqualTo(1);
        assertThat(Ticks.upTo(1234).max()).isGreaterThanOrEqualTo(1234);
        assertThat(Ticks.upTo(0.3).label(0.1)).isEqualTo("0.1");
        assertThat(Ticks.upTo(40_000).label(20_000)).isEqualTo("20,000");
    }

    @Test
    void charts_escape_their_labels_and_refuse_a_series_of_the_wrong_length() throws Exception {
        String time = new SvgTimeChart("t <b>", "x & y", "per s").series("s\"", "s-miss", 0, 1, new long[] {1, 2}).mark(1, "<i>")
                .shade(0, 1, "'").svg();
        HtmlPages.parse(time);
        assertThat(time).contains("t &lt;b&gt;", "x &amp; y", "&lt;i&gt;");
        String bars = new SvgBarChart("b", "x", "y", List.of("<a>", "b")).series("v", "s-a", 1, 2).svg();
        HtmlPages.parse(bars);
        assertThat(bars).contains("&lt;a&gt;");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new SvgBarChart("b", "x", "y", List.of("a")).series("v", "s-a", 1, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
