package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;
import static dev.stampededoctor.cli.render.Numbers.counted;

import dev.stampededoctor.detectors.report.BadLine;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Diagnosis;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.Evidence;
import dev.stampededoctor.detectors.report.InputSummary;
import dev.stampededoctor.detectors.report.LatentRisk;
import dev.stampededoctor.detectors.report.LockUsage;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.Recommendation;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.TrafficSummary;
import dev.stampededoctor.detectors.report.Trigger;
import java.io.PrintWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The report for a human at a terminal: the verdict first, then the evidence. */
final class TextReportRenderer implements ReportRenderer {
    private static final int TOP_COMMANDS = 8;

    @Override
    public void render(Report report, PrintWriter out) {
        InputSummary in = report.input();
        TrafficSummary s = report.stats();
        out.println(Verdict.summary(report));
        for (String line : Verdict.lines(report)) {
            out.println("  " + line);
        }
        out.println();
        incidents(report, out);
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
        latentRisks(report, out);
        patterns(s, out);
        badLines(in, out);
        String simulate = simulateCommand(report);
        if (simulate != null) {
            out.println();
            out.println("Fixes ranked by replaying each incident's traffic; compare them all: " + simulate);
        }
        // Last, so that it is on screen when the report ends.
        out.println();
        out.println(Verdict.summary(report));
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

    /** Each incident: what started it, what it cost, what it is, why, and the fixes in order. */
    private static void incidents(Report report, PrintWriter out) {
        if (report.incidents().isEmpty()) {
            return;
        }
        out.println("Incidents (worst first)");
        for (Incident i : report.incidents()) {
            CacheEvent worst = worstEvent(report, i);
            out.printf("  %d. %s  db %d  %s%n", i.rank(), i.kind(), worst.db(), Verdict.keys(i));
            Trigger t = i.trigger();
            out.printf("     trigger   %s at %s%s%n", t.command() != null ? t.command() : t.cause(), t.time(),
                    t.connection() != null ? " from " + t.connection() + (t.fromScript() ? " (script)" : "") : "");
            if (t.line() != null) {
                out.printf("               %s%s%n", t.file() != null ? t.file() + ":" + t.lineNumber() + ": " : "", t.line());
            }
            Evidence ev = worst.evidence();
            String who = ev.distinctConnections() > 0
                    ? String.format(", %s from %s", counted(ev.distinctConnections(), "connection"),
                            counted(ev.distinctHosts(), "host")) : "";
            out.printf("     impact    %s misses, %s rebuilds (%s redundant)%s%s%s%n", count(i.misses()), count(i.rebuilds()),
                    count(i.redundantRebuilds()), who,
                    i.rebuildMs() != null ? String.format(java.util.Locale.ROOT, ", rebuild %s ms", Numbers.rate(i.rebuildMs())) : "",
                    i.wastedDbMs() != null ? String.format(java.util.Locale.ROOT, ", %s ms of database time wasted",
                            count(Math.round(i.wastedDbMs()))) : "");
            if (i.recurrence() != null) {
                out.printf("     recurs    %d times, every %s s%s%n", i.recurrence().count(),
                        Numbers.rate(i.recurrence().periodSeconds()),
                        i.recurrence().matchesTtl() == null ? "" : i.recurrence().matchesTtl() ? " (the keys' TTL)" : " (not the TTL)");
            }
            if (i.events().size() > 1) {
                out.printf("     events    %s%n", eventList(report, i));
            }
            if (ev.timeline() != null && ev.timeline().misses().length > 0) {
                out.printf("     per %d ms  misses %s  fills %s  hits %s%n", ev.timeline().bucketMs(),
                        Sparkline.of(ev.timeline().misses()), Sparkline.of(ev.timeline().fills()),
                        Sparkline.of(ev.timeline().reads()));
            }
            if (worst.dbCorrelation() != null) {
                dev.stampededoctor.detectors.db.DbCorrelation c = worst.dbCorrelation();
                out.printf(java.util.Locale.ROOT, "     database  %d concurrent (%.1f before), %d started, first %.0f ms after"
                        + " the trigger: %s%n", c.peakConcurrent(), c.baselineConcurrent(), c.queriesStarted(), c.lagMs(),
                        c.query());
            }
            for (Diagnosis d : i.diagnoses()) {
                out.printf("     diagnosis %s: %s%n", d.code(), d.sentence());
            }
            for (String reason : ev.reasons()) {
                out.printf("     why       %s%n", reason);
            }
            for (Recommendation r : i.recommendations()) {
                out.printf("     fix %d     %s%s: %s%n", r.rank(), r.action(), replayed(i, r), r.advice());
            }
        }
        out.println();
    }

    /** {@code " (replayed: 8 → 1 rebuilds, peak 8 → 1)"}, or nothing without a replay. */
    static String replayed(Incident i, Recommendation r) {
        if (r.replay() == null || i.replayedAsIs() == null) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, " (replayed: %s → %s rebuilds, peak %d → %d)",
                count(i.replayedAsIs().rebuilds()), count(r.replay().rebuilds()), i.replayedAsIs().peakConcurrentRebuilds(),
                r.replay().peakConcurrentRebuilds());
    }

    /** The simulate command that compares every fix on this capture, when it came from files. */
    static String simulateCommand(Report report) {
        if (report.incidents().stream().noneMatch(i -> "replay".equals(i.adviceRankedBy()))) {
            return null;
        }
        return "stampede-doctor simulate " + report.input().files().stream().map(f -> shellQuote(f.name()))
                .collect(Collectors.joining(" "));
    }

    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** The incident's event with the most rebuilds (its alarms first): its evidence stands for the rest. */
    static CacheEvent worstEvent(Report report, Incident i) {
        CacheEvent worst = null;
        for (int k : i.events()) {
            CacheEvent e = report.events().get(k);
            if (worst == null || e.isAlarm() && (!worst.isAlarm() || e.rebuilds() > worst.rebuilds())) {
                worst = e;
            }
        }
        return worst;
    }

    private static final int EVENTS_LISTED = 6;

    /** {@code #1 price:sku-0 6/6, #2 …} (misses/rebuilds per event, event numbers as in JSON + 1). */
    private static String eventList(Report report, Incident i) {
        List<String> parts = new ArrayList<>();
        for (int k : i.events().subList(0, Math.min(EVENTS_LISTED, i.events().size()))) {
            CacheEvent e = report.events().get(k);
            parts.add(String.format("#%d %s %s/%s", k + 1, e.key() != null ? e.key() : e.keyPattern(), count(e.misses()),
                    count(e.rebuilds())));
        }
        String more = i.events().size() > EVENTS_LISTED ? String.format(", … %d more", i.events().size() - EVENTS_LISTED) : "";
        return String.join(", ", parts) + more + " (misses/rebuilds)";
    }

    /** Rows of the short tables that should fit: 80 columns. */
    private static final int TABLE_COLUMNS = 80;

    /** Keys predicted to stampede the next time they go: key, rate, rebuild, prediction, expiry. */
    private static void latentRisks(Report report, PrintWriter out) {
        List<LatentRisk> risks = report.latentRisks();
        if (risks == null || risks.isEmpty()) {
            return;
        }
        // 42 columns of figures and up to 14 of expiry ("in 23 h 59 min") beside the key.
        int width = Math.max(3, Math.min(TABLE_COLUMNS - 56, risks.stream().mapToInt(r -> r.key().length()).max().orElse(3)));
        String row = "  %-" + width + "s %2s %8s %8s %-7s %8s  %s%n";
        java.time.Instant end = report.input().timeSpan() == null ? null : java.time.Instant.parse(report.input().timeSpan().last());
        out.println();
        out.println("Latent risks (rebuilds expected the next time each key expires or is deleted)");
        out.printf(row, "key", "db", "reads/s", "rebuild", "from", "rebuilds", "expires");
        for (LatentRisk r : risks) {
            out.printf(row, ellipsize(r.key(), width), r.db(), Numbers.rate(r.readsPerSecond()),
                    Numbers.rate(r.rebuildMs()) + " ms", r.rebuildFrom(), count(r.predictedRebuilds()), expires(r, end));
        }
    }

    /** When it expires, from the capture's end: "in 9 min 58 s", "no TTL seen". */
    static String expires(LatentRisk r, java.time.Instant end) {
        if (r.nextExpiryAt() == null) {
            return "no TTL seen";
        }
        if (end == null) {
            return r.nextExpiryTime();
        }
        long ms = r.nextExpiryAt().movePointRight(3).longValue() - end.toEpochMilli();
        return ms <= 0 ? "at the capture's end" : "in " + dev.stampededoctor.detectors.ttl.Durations.text(ms);
    }

    private static void patterns(TrafficSummary s, PrintWriter out) {
        if (s.patterns().isEmpty()) {
            return;
        }
        // Eight counts beside the pattern: at most 80 columns for patterns up to 20 characters.
        int width = Math.max(7, s.patterns().stream().mapToInt(p -> p.pattern().length()).max().orElse(7));
        width = Math.min(width, 60);
        out.println();
        out.printf("Key patterns (busiest first)%n");
        String row = "  %2s %-" + width + "s %6s %8s %8s %6s %8s %6s %6s%n";
        out.printf(row, "db", "pattern", "keys", "reads", "misses", "hit %", "fills", "inval", "ttl");
        for (PatternStats p : s.patterns()) {
            out.printf(row, p.db(), ellipsize(p.pattern(), width), count(p.keys()), count(p.reads()),
                    count(p.misses()), percent(p.hitRatio()), count(p.fills()), count(p.invalidations()),
                    count(p.ttlChanges()));
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

    /** A hit ratio as a percentage, rounded down (a pattern with a miss never shows 100%); "-" without reads. */
    static String percent(Double ratio) {
        if (ratio == null) {
            return "-";
        }
        if (ratio >= 1) {
            return "100%";
        }
        return String.format(java.util.Locale.ROOT, "%.1f%%", Math.floor(ratio * 1000 + 1e-6) / 10);
    }

    private static String ellipsize(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

}
