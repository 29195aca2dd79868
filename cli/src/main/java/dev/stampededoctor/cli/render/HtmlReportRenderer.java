package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;
import static dev.stampededoctor.cli.render.Numbers.counted;

import dev.stampededoctor.cli.render.html.HtmlDocument;
import dev.stampededoctor.detectors.report.BadLine;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.InputSummary;
import dev.stampededoctor.detectors.report.LatentRisk;
import dev.stampededoctor.detectors.report.LockUsage;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.TrafficSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML page for the postmortem: the verdict and the ranked
 * incidents first, as the text report has them, then the whole capture's timeline, each
 * incident with its charts, and the details. Charts are inline SVG (see {@code render.html}).
 */
final class HtmlReportRenderer implements ReportRenderer {

    @Override
    public void render(Report report, PrintWriter out) {
        HtmlDocument doc = new HtmlDocument(out, "stampede-doctor report");
        doc.element("h1", "stampede-doctor report");
        doc.element("p", "meta", meta(report));
        doc.element("p", report.foundProblems() ? "verdict" : "verdict healthy", Verdict.summary(report));
        doc.list(false, "ranked", Verdict.lines(report));
        String timeline = ReportCharts.captureTimeline(report);
        if (timeline != null) {
            doc.element("h2", "Timeline");
            doc.figure(timeline, "Dashed lines: triggers (#rank of their incident); shaded: each incident, from its first"
                    + " trigger to the end of its last episode.");
        }
        String database = ReportCharts.databaseTimeline(report);
        if (database != null) {
            doc.figure(database, "Client backends running a query, as sampled; the same triggers and incidents.");
        }
        HtmlIncidents.write(report, doc);
        latentRisks(report, doc);
        locks(report, doc);
        if (report.live() != null) {
            doc.element("h2", "Redis during the scan");
            ReportCharts.info(report.live()).forEach(svg -> doc.figure(svg, null));
            doc.pre(text(w -> LiveText.print(report.live(), w, "", "")));
        }
        if (report.database() != null) {
            database(report, doc);
        }
        input(report, doc);
        traffic(report.stats(), report.input(), doc);
        doc.end();
    }

    private static String meta(Report report) {
        List<String> parts = new ArrayList<>();
        if (report.target() != null) {
            if (report.target().files() != null && !report.target().files().isEmpty()) {
                parts.add(String.join(", ", report.target().files()));
            }
            if (report.target().redis() != null && !report.target().redis().isEmpty()) {
                parts.add(String.join(", ", report.target().redis()));
            }
            if (report.target().postgres() != null) {
                parts.add(report.target().postgres());
            }
        }
        if (report.input().timeSpan() != null) {
            parts.add(report.input().timeSpan().first() + " → " + report.input().timeSpan().last());
        }
        if (report.generatedAt() != null) {
            parts.add("generated " + report.generatedAt());
        }
        return String.join(" · ", parts);
    }

    private static void latentRisks(Report report, HtmlDocument doc) {
        if (report.latentRisks() == null || report.latentRisks().isEmpty()) {
            return;
        }
        java.time.Instant end = report.input().timeSpan() == null ? null : java.time.Instant.parse(report.input().timeSpan().last());
        doc.element("h2", "Latent risks");
        doc.element("p", "Hot keys that have not stampeded yet: the rebuilds expected the next time each expires or is"
                + " deleted (reads per second × rebuild time).");
        List<List<String>> rows = new ArrayList<>();
        for (LatentRisk r : report.latentRisks()) {
            rows.add(List.of(r.key(), String.valueOf(r.db()), Numbers.rate(r.readsPerSecond()), Numbers.rate(r.rebuildMs()),
                    r.rebuildFrom(), count(r.predictedRebuilds()), r.ttlSeconds() == null ? "-" : Numbers.rate(r.ttlSeconds()),
                    TextReportRenderer.expires(r, end)));
        }
        doc.table(List.of("key", "db", "reads/s", "rebuild ms", "from", "rebuilds", "TTL s", "expires"), rows,
                List.of("db", "reads/s", "rebuild ms", "rebuilds", "TTL s"));
    }

    private static void locks(Report report, HtmlDocument doc) {
        if (report.locks() == null || report.locks().isEmpty()) {
            return;
        }
        doc.element("h2", "Locks");
        List<List<String>> rows = new ArrayList<>();
        for (LockUsage l : report.locks()) {
            rows.add(List.of(l.key(), String.valueOf(l.db()), String.join(", ", l.guards()), count(l.acquisitions()),
                    count(l.refusedAttempts()), count(l.releases()), Numbers.rate(l.pollsPerSecond()),
                    l.ttlSeconds() == null ? "none" : Numbers.rate(l.ttlSeconds()), String.join("; ", l.risks())));
        }
        doc.table(List.of("lock", "db", "guards", "taken", "refused", "released", "polls/s", "expiry s", "risks"), rows,
                List.of("db", "taken", "refused", "released", "polls/s", "expiry s"));
    }

    private static void database(Report report, HtmlDocument doc) {
        doc.element("h2", "PostgreSQL");
        doc.pre(text(w -> LiveText.print(report.database(), w, "", "")));
        List<List<String>> rows = new ArrayList<>();
        for (CacheEvent e : report.events()) {
            if (e.dbCorrelation() != null) {
                rows.add(List.of(e.kind(), e.key() != null ? e.key() : e.keyPattern(),
                        String.valueOf(e.dbCorrelation().peakConcurrent()), Numbers.rate(e.dbCorrelation().baselineConcurrent()),
                        String.valueOf(e.dbCorrelation().queriesStarted()), Numbers.rate(e.dbCorrelation().lagMs()),
                        e.dbCorrelation().query()));
            }
        }
        if (!rows.isEmpty()) {
            doc.table(List.of("event", "key", "concurrent", "before", "started", "lag ms", "query"), rows,
                    List.of("concurrent", "before", "started", "lag ms"));
        }
    }

    private static void input(Report report, HtmlDocument doc) {
        InputSummary in = report.input();
        doc.element("h2", "Input");
        List<String> lines = new ArrayList<>();
        lines.add(String.format(java.util.Locale.ROOT, "%s line(s) in %d file(s): %s parsed, %s malformed",
                count(in.lines()), in.files().size(), count(in.parsed()), count(in.unparseable())));
        if (in.timeSpan() != null) {
            lines.add("Time span: " + in.timeSpan().first() + " → " + in.timeSpan().last() + " ("
                    + Numbers.seconds(in.timeSpan().seconds()) + ")");
        }
        for (BadLine b : in.firstBadLines()) {
            lines.add("Malformed: " + b.file() + ":" + b.line() + ": " + b.reason() + ": " + b.text());
        }
        doc.list(false, null, lines);
    }

    private static void traffic(TrafficSummary s, InputSummary in, HtmlDocument doc) {
        doc.element("h2", "Traffic");
        doc.list(false, null, List.of(
                String.format(java.util.Locale.ROOT, "%s reads, %s fills, %s invalidations, %s TTL changes, %s flushes",
                        count(s.reads()), count(s.fills()), count(s.invalidations()), count(s.ttlChanges()), count(s.flushes())),
                String.format(java.util.Locale.ROOT, "%s distinct keys, %s from %s, %s transactions, %s script calls",
                        count(s.distinctKeys()), counted(s.connections(), "connection"), counted(s.hosts(), "host"),
                        count(s.transactions()), count(s.scriptCalls()))));
        List<List<String>> rows = new ArrayList<>();
        for (PatternStats p : s.patterns()) {
            rows.add(List.of(String.valueOf(p.db()), p.pattern(), count(p.keys()), count(p.reads()), count(p.misses()),
                    TextReportRenderer.percent(p.hitRatio()), count(p.fills()), count(p.invalidations()), count(p.ttlChanges())));
        }
        if (!rows.isEmpty()) {
            doc.table(List.of("db", "pattern", "keys", "reads", "misses", "hit ratio", "fills", "inval", "ttl"), rows,
                    List.of("db", "keys", "reads", "misses", "hit ratio", "fills", "inval", "ttl"));
        }
        List<List<String>> commands = new ArrayList<>();
        for (Map.Entry<String, Long> e : in.commands().entrySet()) {
            commands.add(List.of(e.getKey(), count(e.getValue())));
        }
        doc.table(List.of("command", "count"), commands, List.of("count"));
    }

    /** What a text printer writes, as a string, for a {@code <pre>}. */
    static String text(java.util.function.Consumer<PrintWriter> print) {
        StringWriter w = new StringWriter();
        PrintWriter p = new PrintWriter(w);
        print.accept(p);
        p.flush();
        return w.toString().stripTrailing();
    }
}
