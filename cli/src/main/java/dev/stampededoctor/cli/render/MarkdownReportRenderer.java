package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;
import static dev.stampededoctor.cli.render.Numbers.counted;

import dev.stampededoctor.detectors.report.BadLine;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Diagnosis;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.Trigger;
import dev.stampededoctor.detectors.report.InputSummary;
import dev.stampededoctor.detectors.report.LatentRisk;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.Recommendation;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.TrafficSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
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
            out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", cellCode(l.key()), l.db(),
                    l.guards().isEmpty() ? "" : String.join(", ", l.guards().stream().map(Markdown::cellCode).toList()),
                    count(l.acquisitions()), count(l.refusedAttempts()), count(l.releases()),
                    Numbers.rate(l.pollsPerSecond()), count(l.waiters()),
                    l.medianHoldMs() == null ? "" : Numbers.rate(l.medianHoldMs()),
                    l.ttlSeconds() == null ? "none" : Numbers.rate(l.ttlSeconds()),
                    Markdown.text(String.join("; ", l.risks())).replace("|", "\\|"));
        }
    }

    /** A table of the incidents, then one section each: trigger, figures, diagnoses, reasons, fixes. */
    private static void incidents(Report report, PrintWriter out) {
        if (report.incidents().isEmpty()) {
            return;
        }
        out.println();
        out.println("## Incidents");
        out.println();
        out.println("| rank | kind | keys | trigger | misses | rebuilds | redundant | recurs | first fix |");
        out.println("|---:|---|---|---|---:|---:|---:|---|---|");
        for (Incident i : report.incidents()) {
            Trigger t = i.trigger();
            out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", i.rank(), i.kind(),
                    i.keyCount() <= 1 && !i.keys().isEmpty() ? cellCode(i.keys().get(0))
                            : count(i.keyCount()) + " of " + String.join(", ", i.keyPatterns().stream().map(Markdown::cellCode).toList()),
                    (t.command() != null ? t.command() : t.cause()) + " at " + t.time(), count(i.misses()),
                    count(i.rebuilds()), count(i.redundantRebuilds()),
                    i.recurrence() == null ? "" : i.recurrence().count() + "× every " + Numbers.rate(i.recurrence().periodSeconds()) + " s",
                    i.recommendations().isEmpty() ? "none needed" : i.recommendations().get(0).action());
        }
        for (Incident i : report.incidents()) {
            if (!i.alarm()) {
                continue;
            }
            CacheEvent worst = TextReportRenderer.worstEvent(report, i);
            out.println();
            out.printf(Locale.ROOT, "### %d. %s%n", i.rank(), Markdown.text(Verdict.line(i)));
            out.println();
            if (i.node() != null) {
                out.printf(Locale.ROOT, "Node: %s%n%n", Markdown.code(i.node()));
            }
            Trigger t = i.trigger();
            if (t.line() != null) {
                out.printf(Locale.ROOT, "Trigger%s:%n%n", t.file() != null ? " (" + Markdown.code(t.file() + ":" + t.lineNumber()) + ")" : "");
                String fence = Markdown.fence(t.line());
                out.println(fence);
                out.println(t.line());
                out.println(fence);
                out.println();
            }
            for (Diagnosis d : i.diagnoses()) {
                out.printf(Locale.ROOT, "- **%s**: %s%n", d.code(), Markdown.text(d.sentence()));
            }
            for (String reason : worst.evidence().reasons()) {
                out.printf(Locale.ROOT, "- %s%n", Markdown.text(reason));
            }
            for (Recommendation r : i.recommendations()) {
                out.println();
                out.printf(Locale.ROOT, "%d. **%s**%s: %s (%s)%n", r.rank(), r.action(), Markdown.text(TextReportRenderer.replayed(i, r)),
                        Markdown.text(r.advice()), Markdown.text(r.reason()));
                out.println();
                String fence = Markdown.fence(r.sketch());
                out.println("   " + fence);
                r.sketch().lines().forEach(l -> out.println("   " + l));
                out.println("   " + fence);
            }
        }
        String simulate = TextReportRenderer.simulateCommand(report);
        if (simulate != null) {
            out.println();
            out.println("Fixes ranked by replaying each incident's traffic; compare them all with " + Markdown.code(simulate) + ".");
        }
    }

    /** Keys predicted to stampede the next time they go. */
    private static void latentRisks(Report report, PrintWriter out) {
        if (report.latentRisks() == null || report.latentRisks().isEmpty()) {
            return;
        }
        java.time.Instant end = report.input().timeSpan() == null ? null
                : java.time.Instant.parse(report.input().timeSpan().last());
        out.println();
        out.println("## Latent risks");
        out.println();
        out.println("Hot keys that have not stampeded yet: the rebuilds expected the next time each expires or is deleted"
                + " (reads per second × rebuild time).");
        out.println();
        out.println("| key | db | reads/s | rebuild ms | from | rebuilds | TTL s | expires |");
        out.println("|---|---:|---:|---:|---|---:|---:|---|");
        for (LatentRisk r : report.latentRisks()) {
            out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s |%n", cellCode(r.key()), r.db(), Numbers.rate(r.readsPerSecond()),
                    Numbers.rate(r.rebuildMs()), r.rebuildFrom(), count(r.predictedRebuilds()),
                    r.ttlSeconds() == null ? "-" : Numbers.rate(r.ttlSeconds()), Markdown.text(TextReportRenderer.expires(r, end)));
        }
    }

    @Override
    public void render(Report report, PrintWriter out) {
        InputSummary in = report.input();
        TrafficSummary s = report.stats();
        out.println("# stampede-doctor report");
        out.println();
        out.println(Markdown.text(Verdict.summary(report)));
        List<String> lines = Verdict.lines(report);
        if (!lines.isEmpty()) {
            out.println();
            lines.forEach(l -> out.println("- " + Markdown.text(l)));
        }
        incidents(report, out);
        locks(report, out);
        out.println();
        out.println("## Input");
        out.println();
        out.printf(Locale.ROOT, "- %s line(s) in %d file(s): %s parsed, %s malformed%n",
                count(in.lines()), in.files().size(), count(in.parsed()), count(in.unparseable()));
        if (in.timeSpan() != null) {
            out.printf(Locale.ROOT, "- Time span: %s → %s (%s)%n", in.timeSpan().first(), in.timeSpan().last(),
                    Numbers.seconds(in.timeSpan().seconds()));
        }
        latentRisks(report, out);
        out.println();
        out.println("## Traffic");
        out.println();
        out.printf(Locale.ROOT, "- %s reads, %s fills, %s invalidations, %s TTL changes, %s flushes%n",
                count(s.reads()), count(s.fills()), count(s.invalidations()), count(s.ttlChanges()), count(s.flushes()));
        out.printf(Locale.ROOT, "- %s distinct keys, %s from %s, %s transactions, %s script calls%n",
                count(s.distinctKeys()), counted(s.connections(), "connection"), counted(s.hosts(), "host"), count(s.transactions()), count(s.scriptCalls()));
        if (!s.patterns().isEmpty()) {
            out.println();
            out.println("| db | pattern | keys | reads | misses | hit ratio | fills | inval | ttl |");
            out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            for (PatternStats p : s.patterns()) {
                out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", p.db(), cellCode(p.pattern()), count(p.keys()),
                        count(p.reads()), count(p.misses()), TextReportRenderer.percent(p.hitRatio()), count(p.fills()),
                        count(p.invalidations()), count(p.ttlChanges()));
            }
        }
        out.println();
        out.println("| command | count |");
        out.println("|---|---:|");
        for (Map.Entry<String, Long> e : in.commands().entrySet()) {
            out.printf(Locale.ROOT, "| %s | %s |%n", cellCode(e.getKey()), count(e.getValue()));
        }
        if (!in.firstBadLines().isEmpty()) {
            out.println();
            out.println("## Malformed lines");
            out.println();
            for (BadLine b : in.firstBadLines()) {
                out.printf(Locale.ROOT, "- %s:%d: %s: %s%n", Markdown.text(b.file()), b.line(), Markdown.text(b.reason()), Markdown.code(b.text()));
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
