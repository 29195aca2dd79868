package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;
import static dev.stampededoctor.cli.render.Numbers.counted;

import dev.stampededoctor.detectors.report.BadLine;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Evidence;
import dev.stampededoctor.detectors.report.InputSummary;
import dev.stampededoctor.detectors.report.LockUsage;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.Recommendation;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.TrafficSummary;
import dev.stampededoctor.detectors.report.Trigger;
import java.io.PrintWriter;

import java.util.stream.Collectors;

/** The report for a human at a terminal: the verdict first, then the evidence. */
final class TextReportRenderer implements ReportRenderer {
    private static final int TOP_COMMANDS = 8;

    @Override
    public void render(Report report, PrintWriter out) {
        InputSummary in = report.input();
        TrafficSummary s = report.stats();
        out.println(Verdict.of(report));
        out.println();
        events(report, out);
        locks(report, out);
        out.printf("Input      %s line(s) in %d file(s): %s parsed, %s malformed%n",
                count(in.lines()), in.files().size(), count(in.parsed()), count(in.unparseable()));
        if (in.timeSpan() != null) {
            out.printf("Time span  %s → %s (%s)%n", in.timeSpan().first(), in.timeSpan().last(),
                    Numbers.seconds(in.timeSpan().seconds()));
        }
        if (in.timestampsOutOfOrder() > 0) {
            out.printf("Warning    %s line(s) earlier than the line before: files out of order?%n",
                    count(in.timestampsOutOfOrder()));
        }
        out.printf("Traffic    %s reads, %s fills, %s invalidations, %s TTL changes, %s flushes%n",
                count(s.reads()), count(s.fills()), count(s.invalidations()), count(s.ttlChanges()), count(s.flushes()));
        out.printf("           %s distinct keys%s, %s from %s, %s transactions, %s script calls, %s other commands%n",
                count(s.distinctKeys()), s.keyLimitReached() ? " (key limit reached: at least)" : "",
                counted(s.connections(), "connection"), counted(s.hosts(), "host"), count(s.transactions()), count(s.scriptCalls()),
                count(s.otherCommands()));
        out.printf("Commands   %s%n", in.commands().entrySet().stream().limit(TOP_COMMANDS)
                .map(e -> e.getKey() + " " + count(e.getValue())).collect(Collectors.joining(", ")));
        if (report.live() != null) {
            LiveText.print(report.live(), out, "Redis      ", "           ");
        }
        if (report.database() != null) {
            LiveText.print(report.database(), out, "PostgreSQL ", "           ");
        }
        patterns(s, out);
        badLines(in, out);
        out.flush();
    }

    /** Keys used as locks: left out of the events, shown with what they did and their risks. */
    private static void locks(Report report, PrintWriter out) {
        if (report.locks() == null || report.locks().isEmpty()) {
            return;
        }
        out.println("Locks (keys used as locks, not cache entries)");
        for (LockUsage l : report.locks()) {
            out.printf("  %s  db %d%s%n", l.key(), l.db(), l.guards().isEmpty() ? "" : "  guards " + String.join(", ", l.guards()));
            out.printf("     taken %s, refused %s, released %s, polled %s (%s/s), %s waiting%s%s%n",
                    counted(l.acquisitions(), "time"), count(l.refusedAttempts()), count(l.releases()), count(l.polls()),
                    Numbers.rate(l.pollsPerSecond()), counted(l.waiters(), "connection"),
                    l.medianHoldMs() != null ? String.format(java.util.Locale.ROOT, ", held %.1f ms (max %.1f)",
                            l.medianHoldMs(), l.maxHoldMs()) : "",
                    l.ttlSeconds() != null ? String.format(java.util.Locale.ROOT, ", expires after %s s",
                            Numbers.rate(l.ttlSeconds())) : ", no expiry");
            for (String risk : l.risks()) {
                out.printf("     risk      %s%n", risk);
            }
        }
        out.println();
    }

    private static void events(Report report, PrintWriter out) {
        if (report.events().isEmpty()) {
            return;
        }
        out.println("Events");
        int n = 0;
        for (CacheEvent e : report.events()) {
            n++;
            out.printf("  %d. %s  db %d  %s%s  confidence %.2f%n", n, e.kind(), e.db(),
                    e.key() != null ? e.key() : e.keys() + " keys", e.key() != null ? "  (" + e.keyPattern() + ")"
                            : " of " + e.keyPattern(), e.confidence());
            Trigger t = e.trigger();
            out.printf("     trigger   %s at %s%s%n", t.command() != null ? t.command() : t.cause(), t.time(),
                    t.connection() != null ? " from " + t.connection() + (t.fromScript() ? " (script)" : "") : "");
            if (t.line() != null) {
                out.printf("               %s%n", t.line());
            }
            Evidence ev = e.evidence();
            out.printf("     impact    %s misses, %s rebuilds, %s from %s, peak %d concurrent rebuilds%s%n",
                    count(e.misses()), count(e.rebuilds()), counted(ev.distinctConnections(), "connection"), counted(ev.distinctHosts(), "host"),
                    ev.peakConcurrentRebuilds(),
                    ev.timeToFirstRefillMs() != null ? String.format(", first refill after %.0f ms", ev.timeToFirstRefillMs()) : "");
            if (ev.timeline() != null && ev.timeline().misses().length > 0) {
                out.printf("     per %d ms  misses %s  fills %s  hits %s%n", ev.timeline().bucketMs(),
                        Sparkline.of(ev.timeline().misses()), Sparkline.of(ev.timeline().fills()),
                        Sparkline.of(ev.timeline().reads()));
            }
            if (e.dbCorrelation() != null) {
                dev.stampededoctor.detectors.db.DbCorrelation c = e.dbCorrelation();
                out.printf(java.util.Locale.ROOT, "     database  %d concurrent (%.1f before), %d started, first %.0f ms after"
                        + " the trigger: %s%n", c.peakConcurrent(), c.baselineConcurrent(), c.queriesStarted(), c.lagMs(),
                        c.query());
            }
            for (String reason : ev.reasons()) {
                out.printf("     why       %s%n", reason);
            }
            for (Recommendation r : e.recommendations()) {
                out.printf("     fix %d     %s: %s%n", r.rank(), r.action(), r.advice());
            }
        }
        out.println();
    }

    private static void patterns(TrafficSummary s, PrintWriter out) {
        if (s.patterns().isEmpty()) {
            return;
        }
        int width = Math.max(7, s.patterns().stream().mapToInt(p -> p.pattern().length()).max().orElse(7));
        width = Math.min(width, 60);
        out.println();
        out.printf("Key patterns (busiest first)%n");
        String row = "  %3s  %-" + width + "s %10s %12s %12s %12s %10s%n";
        out.printf(row, "db", "pattern", "keys", "reads", "fills", "invalidated", "ttl");
        for (PatternStats p : s.patterns()) {
            out.printf(row, p.db(), ellipsize(p.pattern(), width), count(p.keys()), count(p.reads()),
                    count(p.fills()), count(p.invalidations()), count(p.ttlChanges()));
        }
        if (s.patternsOmitted() > 0) {
            out.printf("  … and %s more pattern(s) (--top)%n", count(s.patternsOmitted()));
        }
    }

    private static void badLines(InputSummary in, PrintWriter out) {
        if (in.unparseable() == 0) {
            return;
        }
        out.println();
        out.printf("Malformed lines (first %d of %s, skipped)%n", in.firstBadLines().size(), count(in.unparseable()));
        for (BadLine b : in.firstBadLines()) {
            out.printf("  %s:%d: %s: %s%n", b.file(), b.line(), b.reason(), b.text());
        }
    }

    private static String ellipsize(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

}
