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
import java.util.Locale;
import java.util.stream.Collectors;

/** The report for a human at a terminal: the verdict first, then the evidence. */
final class TextReportRenderer implements ReportRenderer {
    private static final int TOP_COMMANDS = 8;
    /** Where the values of {@code label value} lines start: {@code "     trigger   "}. */
    private static final int VALUE_INDENT = 15;
    /** Under {@code "  1. "}: the verdict's and an incident's continuation lines. */
    private static final int ITEM_INDENT = 5;
    /** Under {@code "Input      "}. */
    private static final int SECTION_INDENT = 11;

    private final TextStyle style;

    TextReportRenderer() {
        this(TextStyle.PLAIN);
    }

    TextReportRenderer(TextStyle style) {
        this.style = style;
    }

    /** {@code line} wrapped to the width, continuation lines indented by {@code indent}. */
    private void println(PrintWriter out, int indent, String line) {
        WordWrap.println(out, style, line, indent);
    }

    private void println(PrintWriter out, int indent, String line, java.util.function.UnaryOperator<String> paint) {
        WordWrap.println(out, style, line, indent, paint);
    }

    private void printf(PrintWriter out, int indent, String format, Object... args) {
        String line = String.format(java.util.Locale.ROOT, format, args);
        println(out, indent, line.endsWith("\n") ? line.substring(0, line.length() - 1) : line);
    }

    /** The verdict's sentence: red when something was found, green when not. */
    private void summary(Report report, PrintWriter out) {
        println(out, 0, Verdict.summary(report), report.foundProblems() ? style::alarm : style::healthy);
    }

    @Override
    public void render(Report report, PrintWriter out) {
        InputSummary in = report.input();
        TrafficSummary s = report.stats();
        summary(report, out);
        for (String line : Verdict.lines(report)) {
            println(out, ITEM_INDENT, "  " + line);
        }
        out.println();
        incidents(report, out);
        locks(report, out);
        printf(out, SECTION_INDENT, "Input      %s line(s) in %d file(s): %s parsed, %s malformed%n",
                count(in.lines()), in.files().size(), count(in.parsed()), count(in.unparseable()));
        if (in.timeSpan() != null) {
            printf(out, SECTION_INDENT, "Time span  %s → %s (%s)%n", in.timeSpan().first(), in.timeSpan().last(),
                    Numbers.seconds(in.timeSpan().seconds()));
        }
        if (in.nodes() != null) {
            printf(out, SECTION_INDENT, "Nodes      %d, merged by timestamp: %s%n", in.nodes().size(), in.nodes().stream()
                    .map(n -> n.node() + " (" + count(n.parsed()) + ")").collect(Collectors.joining(", ")));
        }
        for (String note : in.notes()) {
            printf(out, SECTION_INDENT, "Note       %s%n", note);
        }
        if (in.timestampsOutOfOrder() > 0) {
            printf(out, SECTION_INDENT, "Warning    %s line(s) earlier than the line before: files out of order?%n",
                    count(in.timestampsOutOfOrder()));
        }
        printf(out, SECTION_INDENT, "Traffic    %s reads, %s fills, %s invalidations, %s TTL changes, %s flushes%n",
                count(s.reads()), count(s.fills()), count(s.invalidations()), count(s.ttlChanges()), count(s.flushes()));
        printf(out, SECTION_INDENT, "           %s distinct keys%s, %s from %s, %s transactions, %s script calls, %s other commands%n",
                count(s.distinctKeys()), s.keyLimitReached() ? " (key limit reached: at least)" : "",
                counted(s.connections(), "connection"), counted(s.hosts(), "host"), count(s.transactions()), count(s.scriptCalls()),
                count(s.otherCommands()));
        printf(out, SECTION_INDENT, "Commands   %s%n", in.commands().entrySet().stream().limit(TOP_COMMANDS)
                .map(e -> e.getKey() + " " + count(e.getValue())).collect(Collectors.joining(", ")));
        if (report.live() != null) {
            LiveText.print(report.live(), out, "Redis      ", "           ", style);
        }
        if (report.database() != null) {
            LiveText.print(report.database(), out, "PostgreSQL ", "           ", style);
        }
        latentRisks(report, out);
        patterns(s, out);
        badLines(in, out);
        String simulate = simulateCommand(report);
        if (simulate != null) {
            out.println();
            String sentence = "Fixes ranked by replaying each incident's traffic; compare them all:";
            if (WordWrap.columns(sentence) + 1 + WordWrap.columns(simulate) <= style.width()) {
                out.println(sentence + " " + simulate);
            } else {
                // A command to paste: on a line of its own, never broken.
                println(out, 2, sentence);
                out.println("  " + simulate);
            }
        }
        // Last, so that it is on screen when the report ends.
        out.println();
        summary(report, out);
        out.flush();
    }

    /** Keys used as locks: left out of the events, shown with what they did and their risks. */
    private void locks(Report report, PrintWriter out) {
        if (report.locks() == null || report.locks().isEmpty()) {
            return;
        }
        out.println(style.heading("Locks (keys used as locks, not cache entries)"));
        for (LockUsage l : report.locks()) {
            printf(out, ITEM_INDENT, "  %s  db %d%s%n", l.key(), l.db(), l.guards().isEmpty() ? "" : "  guards " + String.join(", ", l.guards()));
            printf(out, ITEM_INDENT, "     taken %s, refused %s, released %s, polled %s (%s/s), %s waiting%s%s%n",
                    counted(l.acquisitions(), "time"), count(l.refusedAttempts()), count(l.releases()), count(l.polls()),
                    Numbers.rate(l.pollsPerSecond()), counted(l.waiters(), "connection"),
                    l.medianHoldMs() != null ? String.format(java.util.Locale.ROOT, ", held %.1f ms (max %.1f)",
                            l.medianHoldMs(), l.maxHoldMs()) : "",
                    l.ttlSeconds() != null ? String.format(java.util.Locale.ROOT, ", expires after %s s",
                            Numbers.rate(l.ttlSeconds())) : ", no expiry");
            for (String risk : l.risks()) {
                printf(out, VALUE_INDENT, "     risk      %s%n", risk);
            }
        }
        out.println();
    }

    /** Each incident: what started it, what it cost, what it is, why, and the fixes in order. */
    private void incidents(Report report, PrintWriter out) {
        if (report.incidents().isEmpty()) {
            return;
        }
        out.println(style.heading("Incidents (worst first)"));
        for (Incident i : report.incidents()) {
            CacheEvent worst = worstEvent(report, i);
            String kind = i.alarm() ? style.alarm(i.kind()) : style.healthy(i.kind());
            java.util.List<String> head = WordWrap.wrap(String.format(java.util.Locale.ROOT, "  %d. %s", i.rank(), i.kind()),
                    " ".repeat(ITEM_INDENT), String.format(java.util.Locale.ROOT, "  db %d  %s", worst.db(), Verdict.keys(i)),
                    style.width());
            out.println(head.get(0).replaceFirst(java.util.regex.Pattern.quote(i.kind()),
                    java.util.regex.Matcher.quoteReplacement(kind)));
            head.subList(1, head.size()).forEach(out::println);
            Trigger t = i.trigger();
            if (i.node() != null) {
                printf(out, VALUE_INDENT, "     node      %s%n", i.node());
            }
            printf(out, VALUE_INDENT, "     trigger   %s at %s%s%n", t.command() != null ? t.command() : t.cause(), t.time(),
                    t.connection() != null ? " from " + t.connection() + (t.fromScript() ? " (script)" : "") : "");
            if (t.line() != null) {
                printf(out, VALUE_INDENT, "               %s%s%n", t.file() != null ? t.file() + ":" + t.lineNumber() + ": " : "", t.line());
            }
            Evidence ev = worst.evidence();
            String who = ev.distinctConnections() > 0
                    ? String.format(Locale.ROOT, ", %s from %s", counted(ev.distinctConnections(), "connection"),
                            counted(ev.distinctHosts(), "host")) : "";
            printf(out, VALUE_INDENT, "     impact    %s misses, %s rebuilds (%s redundant)%s%s%s%n", count(i.misses()), count(i.rebuilds()),
                    count(i.redundantRebuilds()), who,
                    i.rebuildMs() != null ? String.format(java.util.Locale.ROOT, ", rebuild %s ms", Numbers.rate(i.rebuildMs())) : "",
                    i.wastedDbMs() != null ? String.format(java.util.Locale.ROOT, ", %s ms of database time wasted",
                            count(Math.round(i.wastedDbMs()))) : "");
            if (i.recurrence() != null) {
                printf(out, VALUE_INDENT, "     recurs    %d times, every %s s%s%n", i.recurrence().count(),
                        Numbers.rate(i.recurrence().periodSeconds()),
                        i.recurrence().matchesTtl() == null ? "" : i.recurrence().matchesTtl() ? " (the keys' TTL)" : " (not the TTL)");
            }
            if (i.events().size() > 1) {
                printf(out, VALUE_INDENT, "     events    %s%n", eventList(report, i));
            }
            if (ev.timeline() != null && ev.timeline().misses().length > 0) {
                String per = "";
                printf(out, VALUE_INDENT, "     per %d ms  misses %s  fills %s  hits %s%n", ev.timeline().bucketMs(),
                        Sparkline.labelled(ev.timeline().misses(), per, style),
                        Sparkline.labelled(ev.timeline().fills(), per, style),
                        Sparkline.labelled(ev.timeline().reads(), per, style));
            }
            if (worst.dbCorrelation() != null) {
                dev.stampededoctor.detectors.db.DbCorrelation c = worst.dbCorrelation();
                printf(out, VALUE_INDENT, "     database  %d concurrent (%.1f before), %d started, first %.0f ms after"
                        + " the trigger: %s%n", c.peakConcurrent(), c.baselineConcurrent(), c.queriesStarted(), c.lagMs(),
                        c.query());
            }
            for (Diagnosis d : i.diagnoses()) {
                printf(out, VALUE_INDENT, "     diagnosis %s: %s%n", d.code(), d.sentence());
            }
            for (String reason : ev.reasons()) {
                printf(out, VALUE_INDENT, "     why       %s%n", reason);
            }
            for (Recommendation r : i.recommendations()) {
                printf(out, VALUE_INDENT, "     fix %d     %s%s: %s%n", r.rank(), r.action(), replayed(i, r), r.advice());
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
        return "stampede-doctor simulate " + report.input().files().stream().map(f -> dev.stampededoctor.detectors.ttl.TtlAuditor.shellQuote(f.name()))
                .collect(Collectors.joining(" "));
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
            parts.add(String.format(Locale.ROOT, "#%d %s %s/%s", k + 1, e.key() != null ? e.key() : e.keyPattern(), count(e.misses()),
                    count(e.rebuilds())));
        }
        String more = i.events().size() > EVENTS_LISTED ? String.format(Locale.ROOT, ", … %d more", i.events().size() - EVENTS_LISTED) : "";
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
        out.printf(Locale.ROOT, row, "key", "db", "reads/s", "rebuild", "from", "rebuilds", "expires");
        for (LatentRisk r : risks) {
            out.printf(Locale.ROOT, row, ellipsize(r.key(), width), r.db(), Numbers.rate(r.readsPerSecond()),
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

    /** The table's columns after the pattern's: their headers and usual widths. */
    private static final String[] PATTERN_COLUMNS = {"keys", "reads", "misses", "hit %", "fills", "inval", "ttl"};
    private static final int[] PATTERN_COLUMN_WIDTHS = {6, 8, 8, 6, 8, 6, 6};

    /**
     * The key patterns table. Its columns keep their usual widths while they fit; in a narrower
     * terminal the number columns shrink to their contents, then the pattern column to what is left
     * (patterns cut with an ellipsis, never below 7 columns).
     */
    private void patterns(TrafficSummary s, PrintWriter out) {
        if (s.patterns().isEmpty()) {
            return;
        }
        List<String[]> cells = new ArrayList<>();
        for (PatternStats p : s.patterns()) {
            cells.add(new String[] {count(p.keys()), count(p.reads()), count(p.misses()), percent(p.hitRatio()),
                count(p.fills()), count(p.invalidations()), count(p.ttlChanges())});
        }
        int[] widths = PATTERN_COLUMN_WIDTHS.clone();
        int patternWidth = Math.min(60, Math.max(7, s.patterns().stream().mapToInt(p -> WordWrap.columns(p.pattern()))
                .max().orElse(7)));
        // "  " + db (3) + "  " + pattern + one space before each number column
        if (7 + patternWidth + sum(widths) + widths.length > style.width()) {
            for (int c = 0; c < widths.length; c++) {
                int w = PATTERN_COLUMNS[c].length();
                for (String[] row : cells) {
                    w = Math.max(w, row[c].length());
                }
                widths[c] = w + 1;
            }
            patternWidth = Math.max(7, Math.min(patternWidth, style.width() - 7 - sum(widths) - widths.length));
        }
        StringBuilder format = new StringBuilder("  %3s  %-" + patternWidth + "s");
        for (int w : widths) {
            format.append(" %").append(w).append('s');
        }
        String row = format.append("%n").toString();
        out.println();
        out.println(style.heading("Key patterns (busiest first)"));
        List<Object> header = new ArrayList<>(List.of("db", "pattern"));
        header.addAll(List.of(PATTERN_COLUMNS));
        out.printf(Locale.ROOT, row, header.toArray());
        for (int k = 0; k < s.patterns().size(); k++) {
            PatternStats p = s.patterns().get(k);
            String[] c = cells.get(k);
            out.printf(Locale.ROOT, row, p.db(), style.ellipsize(p.pattern(), patternWidth), c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
        }
        if (s.patternsOmitted() > 0) {
            out.printf(Locale.ROOT, "  %s and %s more pattern(s) (--top)%n", style.ellipsis(), count(s.patternsOmitted()));
        }
    }

    private static int sum(int[] values) {
        int sum = 0;
        for (int v : values) {
            sum += v;
        }
        return sum;
    }

    private void badLines(InputSummary in, PrintWriter out) {
        if (in.unparseable() == 0) {
            return;
        }
        out.println();
        out.println(style.heading(String.format(java.util.Locale.ROOT, "Malformed lines (first %d of %s, skipped)",
                in.firstBadLines().size(), count(in.unparseable()))));
        for (BadLine b : in.firstBadLines()) {
            printf(out, 4, "  %s:%d: %s: %s%n", b.file(), b.line(), b.reason(), b.text());
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
