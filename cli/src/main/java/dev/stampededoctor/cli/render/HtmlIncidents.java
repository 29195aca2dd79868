package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;

import dev.stampededoctor.cli.render.html.HtmlDocument;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Diagnosis;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.Recommendation;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The incidents of an HTML report: the ranked table, then one section per alarm with its charts and fixes. */
final class HtmlIncidents {
    private HtmlIncidents() {
    }

    static void write(Report report, HtmlDocument doc) {
        if (report.incidents().isEmpty()) {
            return;
        }
        doc.element("h2", "Incidents");
        List<List<String>> rows = new ArrayList<>();
        for (Incident i : report.incidents()) {
            Trigger t = i.trigger();
            rows.add(List.of(String.valueOf(i.rank()), i.kind(), Verdict.keys(i),
                    (t.command() != null ? t.command() : t.cause()) + " at " + t.time(), count(i.misses()),
                    count(i.rebuilds()), count(i.redundantRebuilds()),
                    i.recurrence() == null ? "" : i.recurrence().count() + "× every " + Numbers.rate(i.recurrence().periodSeconds()) + " s",
                    i.recommendations().isEmpty() ? "none needed" : i.recommendations().get(0).action()));
        }
        doc.table(List.of("rank", "kind", "keys", "trigger", "misses", "rebuilds", "redundant", "recurs", "first fix"), rows,
                List.of("rank", "misses", "rebuilds", "redundant"));
        for (Incident i : report.incidents()) {
            if (i.alarm()) {
                section(report, i, doc);
            }
        }
        String simulate = TextReportRenderer.simulateCommand(report);
        if (simulate != null) {
            doc.element("p", "Fixes ranked by replaying each incident's traffic; compare them all with: " + simulate);
        }
    }

    private static void section(Report report, Incident i, HtmlDocument doc) {
        CacheEvent worst = TextReportRenderer.worstEvent(report, i);
        doc.open("section", "incident");
        doc.element("h3", i.rank() + ". " + Verdict.line(i));
        if (i.node() != null) {
            doc.element("p", "Node " + i.node());
        }
        Trigger t = i.trigger();
        if (t.line() != null) {
            doc.element("p", "Trigger" + (t.file() != null ? " (" + t.file() + ":" + t.lineNumber() + ")" : "") + ":");
            doc.pre(t.line());
        }
        List<String> facts = new ArrayList<>();
        facts.add(String.format(Locale.ROOT, "%s misses, %s rebuilds (%s redundant) over %s",
                count(i.misses()), count(i.rebuilds()), count(i.redundantRebuilds()), Numbers.counted(i.keyCount(), "key")));
        facts.add(String.format(Locale.ROOT, "peak %d rebuilds at once, from %s on %s",
                worst.evidence().peakConcurrentRebuilds(), Numbers.counted(worst.evidence().distinctConnections(), "connection"),
                Numbers.counted(worst.evidence().distinctHosts(), "host")));
        if (worst.evidence().timeToFirstRefillMs() != null) {
            facts.add("first refill " + Numbers.rate(worst.evidence().timeToFirstRefillMs()) + " ms after the trigger");
        }
        if (i.wastedDbMs() != null) {
            facts.add("redundant rebuilds cost PostgreSQL about " + Numbers.rate(i.wastedDbMs()) + " ms");
        }
        if (worst.dbCorrelation() != null) {
            facts.add(String.format(Locale.ROOT, "PostgreSQL: %d concurrent (%.1f before), %d started, first %.0f ms after the trigger: %s",
                    worst.dbCorrelation().peakConcurrent(), worst.dbCorrelation().baselineConcurrent(),
                    worst.dbCorrelation().queriesStarted(), worst.dbCorrelation().lagMs(), worst.dbCorrelation().query()));
        }
        for (Diagnosis d : i.diagnoses()) {
            facts.add(d.code() + ": " + d.sentence());
        }
        facts.addAll(worst.evidence().reasons());
        doc.list(false, null, facts);
        String traffic = ReportCharts.incidentTraffic(i, worst);
        if (traffic != null) {
            String of = i.events().size() > 1 ? " (its worst event of " + i.events().size() + ")" : "";
            long hits = java.util.Arrays.stream(worst.evidence().timeline().reads()).asLongStream().sum();
            doc.figure(traffic, "Misses and fills of " + (worst.key() != null ? worst.key() : worst.keyPattern()) + of
                    + " around the trigger; " + Numbers.counted(hits, "hit") + " in the same intervals.");
            doc.figure(ReportCharts.rebuildConcurrency(i, worst),
                    "Misses not yet answered by a fill: with cache-aside each is a rebuild running against the backend.");
        }
        for (Recommendation r : i.recommendations()) {
            doc.element("p", "fix", r.rank() + ". " + r.action() + TextReportRenderer.replayed(i, r) + ": " + r.advice()
                    + " (" + r.reason() + ")");
            doc.pre(r.sketch());
        }
        doc.close("section");
    }
}
