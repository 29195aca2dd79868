package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;
import static dev.stampededoctor.cli.render.Numbers.counted;

import dev.stampededoctor.detectors.report.BadLine;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.InputSummary;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.Recommendation;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.TrafficSummary;
import java.io.PrintWriter;
import java.util.Map;

/** The report as Markdown, for pasting into an incident document or a ticket. */
final class MarkdownReportRenderer implements ReportRenderer {

    private static void locks(Report report, PrintWriter out) {
        if (report.locks() == null || report.locks().isEmpty()) {
            return;
        }
        out.println();
        out.println("## Locks");
        out.println();
        out.println("Keys used as locks (only `SET … NX`, released by their holder): not cache entries, never events.");
        out.println();
        out.println("| lock | db | guards | taken | refused | released | polls/s | waiting | median hold ms | expiry s | risks |");
        out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (dev.stampededoctor.detectors.report.LockUsage l : report.locks()) {
            out.printf("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", cellCode(l.key()), l.db(),
                    l.guards().isEmpty() ? "" : String.join(", ", l.guards().stream().map(Markdown::cellCode).toList()),
                    count(l.acquisitions()), count(l.refusedAttempts()), count(l.releases()),
                    Numbers.rate(l.pollsPerSecond()), count(l.waiters()),
                    l.medianHoldMs() == null ? "" : Numbers.rate(l.medianHoldMs()),
                    l.ttlSeconds() == null ? "none" : Numbers.rate(l.ttlSeconds()),
                    Markdown.text(String.join("; ", l.risks())).replace("|", "\\|"));
        }
    }

    @Override
    public void render(Report report, PrintWriter out) {
        InputSummary in = report.input();
        TrafficSummary s = report.stats();
        out.println("# stampede-doctor report");
        out.println();
        out.println(Markdown.text(Verdict.of(report)));
        if (!report.events().isEmpty()) {
            out.println();
            out.println("## Events");
            out.println();
            out.println("| # | kind | db | key or pattern | trigger | misses | rebuilds | confidence | first fix |");
            out.println("|---:|---|---:|---|---|---:|---:|---:|---|");
            int n = 0;
            for (CacheEvent e : report.events()) {
                n++;
                String trigger = (e.trigger().command() != null ? e.trigger().command() : e.trigger().cause())
                        + " at " + e.trigger().time();
                out.printf("| %d | %s | %d | %s | %s | %s | %s | %.2f | %s |%n", n, e.kind(), e.db(),
                        e.key() != null ? cellCode(e.key()) : e.keys() + " keys of " + cellCode(e.keyPattern()), trigger,
                        count(e.misses()), count(e.rebuilds()), e.confidence(),
                        e.recommendations().isEmpty() ? "none needed" : e.recommendations().get(0).action());
            }
            n = 0;
            for (CacheEvent e : report.events()) {
                n++;
                if (e.recommendations().isEmpty()) {
                    continue;
                }
                out.println();
                out.printf("### %d. %s on %s%n", n, e.kind(), Markdown.code(e.key() != null ? e.key() : e.keyPattern()));
                out.println();
                for (String reason : e.evidence().reasons()) {
                    out.printf("- %s%n", Markdown.text(reason));
                }
                for (Recommendation r : e.recommendations()) {
                    out.println();
                    out.printf("%d. **%s**: %s (%s)%n", r.rank(), r.action(), Markdown.text(r.advice()),
                            Markdown.text(r.reason()));
                    out.println();
                    String fence = Markdown.fence(r.sketch());
                    out.println("   " + fence);
                    r.sketch().lines().forEach(l -> out.println("   " + l));
                    out.println("   " + fence);
                }
            }
        }
        locks(report, out);
        out.println();
        out.println("## Input");
        out.println();
        out.printf("- %s line(s) in %d file(s): %s parsed, %s malformed%n",
                count(in.lines()), in.files().size(), count(in.parsed()), count(in.unparseable()));
        if (in.timeSpan() != null) {
            out.printf("- Time span: %s → %s (%s)%n", in.timeSpan().first(), in.timeSpan().last(),
                    Numbers.seconds(in.timeSpan().seconds()));
        }
        out.println();
        out.println("## Traffic");
        out.println();
        out.printf("- %s reads, %s fills, %s invalidations, %s TTL changes, %s flushes%n",
                count(s.reads()), count(s.fills()), count(s.invalidations()), count(s.ttlChanges()), count(s.flushes()));
        out.printf("- %s distinct keys, %s from %s, %s transactions, %s script calls%n",
                count(s.distinctKeys()), counted(s.connections(), "connection"), counted(s.hosts(), "host"), count(s.transactions()), count(s.scriptCalls()));
        if (!s.patterns().isEmpty()) {
            out.println();
            out.println("| db | pattern | keys | reads | fills | invalidated | ttl |");
            out.println("|---:|---|---:|---:|---:|---:|---:|");
            for (PatternStats p : s.patterns()) {
                out.printf("| %d | %s | %s | %s | %s | %s | %s |%n", p.db(), cellCode(p.pattern()), count(p.keys()),
                        count(p.reads()), count(p.fills()), count(p.invalidations()), count(p.ttlChanges()));
            }
        }
        out.println();
        out.println("| command | count |");
        out.println("|---|---:|");
        for (Map.Entry<String, Long> e : in.commands().entrySet()) {
            out.printf("| %s | %s |%n", cellCode(e.getKey()), count(e.getValue()));
        }
        if (!in.firstBadLines().isEmpty()) {
            out.println();
            out.println("## Malformed lines");
            out.println();
            for (BadLine b : in.firstBadLines()) {
                out.printf("- %s:%d: %s: %s%n", Markdown.text(b.file()), b.line(), Markdown.text(b.reason()), Markdown.code(b.text()));
            }
        }
        if (report.live() != null) {
            out.println();
            out.println("## Redis during the scan");
            out.println();
            out.println("```");
            LiveText.print(report.live(), out, "", "");
            out.println("```");
        }
        if (report.database() != null) {
            out.println();
            out.println("## PostgreSQL");
            out.println();
            out.println("```");
            LiveText.print(report.database(), out, "", "");
            for (dev.stampededoctor.detectors.report.CacheEvent e : report.events()) {
                if (e.dbCorrelation() != null) {
                    out.printf(java.util.Locale.ROOT, "%s on %s: %d concurrent (%.1f before), %d started, first %.0f ms after"
                            + " the trigger: %s%n", e.kind(), e.key() != null ? e.key() : e.keyPattern(),
                            e.dbCorrelation().peakConcurrent(), e.dbCorrelation().baselineConcurrent(),
                            e.dbCorrelation().queriesStarted(), e.dbCorrelation().lagMs(), e.dbCorrelation().query());
                }
            }
            out.println("```");
        }
        out.flush();
    }

    private static String cellCode(String s) {
        return Markdown.cellCode(s);
    }
}
