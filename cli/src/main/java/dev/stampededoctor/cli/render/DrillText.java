package dev.stampededoctor.cli.render;

import dev.stampededoctor.cli.drill.DrillReport;
import dev.stampededoctor.cli.drill.DrillResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The drill's report as text (a table of runs side by side) and as Markdown. */
public final class DrillText {
    private DrillText() {
    }

    public static void text(DrillReport r, PrintWriter out) {
        text(r, out, TextStyle.PLAIN);
    }

    /** The text report wrapped to the style's width (the table keeps its columns), headline in bold. */
    public static void text(DrillReport r, PrintWriter out, TextStyle style) {
        WordWrap.println(out, style, headline(r), 2, style::heading);
        out.println();
        List<String[]> rows = rows(r);
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                b.append(i == 0 ? String.format(Locale.ROOT, "%-" + width[i] + "s", row[i])
                        : String.format(Locale.ROOT, "  %" + width[i] + "s", row[i]));
            }
            out.println(b.toString().stripTrailing());
        }
        for (String line : notes(r)) {
            out.println();
            WordWrap.println(out, style, line, 2);
        }
    }

    public static void markdown(DrillReport r, PrintWriter out) {
        out.println("# stampede-doctor drill: " + r.drill().scenario());
        out.println();
        out.println(headline(r));
        out.println();
        List<String[]> rows = rows(r);
        for (int i = 0; i < rows.size(); i++) {
            out.println("| " + String.join(" | ", rows.get(i)) + " |");
            if (i == 0) {
                out.println("|" + "---|".repeat(rows.get(0).length));
            }
        }
        for (String line : notes(r)) {
            out.println();
            out.println(line);
        }
    }

    static String headline(DrillReport r) {
        if (r.comparison() != null) {
            return r.comparison().conclusion();
        }
        DrillResult run = r.runs().get(r.runs().size() - 1);
        if (run.verdict().healthy()) {
            return String.format(Locale.ROOT, "Drill '%s' with %s: healthy, %s backend queries for %s reads.",
                    run.scenario(), run.mitigation(), Numbers.count(run.backendQueries()), Numbers.count(run.reads()));
        }
        return String.format(Locale.ROOT, "Drill '%s' with %s: the detectors found %s; %s backend queries for %s reads.",
                run.scenario(), run.mitigation(), String.join(" and ", run.verdict().kinds()),
                Numbers.count(run.backendQueries()), Numbers.count(run.reads()));
    }

    static List<String[]> rows(DrillReport r) {
        List<String[]> rows = new ArrayList<>();
        List<DrillResult> runs = r.runs();
        rows.add(row("", runs, DrillResult::mitigation));
        rows.add(row("Redis connections", runs, x -> x.connections() == null || x.connections().equals("pooled")
                ? "pooled, one per client"
                : String.format(Locale.ROOT, "shared, %d process(es)%s", x.processes(),
                        x.sharedConnections() == null ? "" : " from " + String.join(" ", x.sharedConnections()))));
        rows.add(row("verdict", runs, x -> x.verdict().healthy() ? "healthy" : String.join(", ", x.verdict().kinds())));
        rows.add(row("addresses the scenario", runs, x -> x.mitigation().equals("none") ? "-"
                : x.addressesScenario() ? "yes" : "no"));
        rows.add(row("backend queries", runs, x -> Numbers.count(x.backendQueries())));
        rows.add(row("peak concurrent queries", runs, x -> x.peakConcurrentQueries() == null ? "n/a"
                : Numbers.count(x.peakConcurrentQueries())));
        rows.add(row("reads", runs, x -> Numbers.count(x.reads())));
        rows.add(row("misses", runs, x -> Numbers.count(x.misses())));
        rows.add(row("stale reads", runs, x -> Numbers.count(x.staleReads())));
        rows.add(row("read latency p50", runs, x -> ms(x.readLatencyMs().p50())));
        rows.add(row("read latency p99", runs, x -> ms(x.readLatencyMs().p99())));
        rows.add(row("read latency p99.9", runs, x -> ms(x.readLatencyMs().p999())));
        rows.add(row("read latency max", runs, x -> ms(x.readLatencyMs().max())));
        DrillResult unmitigated = runs.get(0);
        if (unmitigated.predicted() != null) {
            // simulate on the unmitigated run's capture: as-is checks the model, the rest predict each fix.
            for (DrillResult.PolicyPrediction p : unmitigated.predicted().policies()) {
                String label = p.policy().equals("as-is") ? "simulate: as-is (model check)" : "simulate: " + p.policy();
                rows.add(row(label, runs, x -> x == unmitigated ? Numbers.count(p.rebuilds()) : "-"));
            }
        }
        return rows;
    }

    private static String[] row(String label, List<DrillResult> runs, java.util.function.Function<DrillResult, String> f) {
        String[] row = new String[runs.size() + 1];
        row[0] = label;
        for (int i = 0; i < runs.size(); i++) {
            row[i + 1] = f.apply(runs.get(i));
        }
        return row;
    }

    private static String ms(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    static List<String> notes(DrillReport r) {
        List<String> out = new ArrayList<>();
        DrillResult last = r.runs().get(r.runs().size() - 1);
        if (!last.mitigation().equals("none") && !last.addressesScenario()) {
            out.add(last.mitigation() + " does not address the cause of the " + last.scenario() + " scenario: it was"
                    + " run all the same, to show it.");
        }
        for (DrillResult run : r.runs()) {
            for (String note : run.notes()) {
                if (!out.contains(note)) {
                    out.add(note);
                }
            }
        }
        out.add(r.cleanup().complete() ? "Cleanup: the drill's table and keys were removed."
                : "Cleanup incomplete: " + String.join("; ", r.cleanup().problems()));
        return out;
    }
}
