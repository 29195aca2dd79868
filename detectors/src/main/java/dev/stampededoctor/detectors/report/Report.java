package dev.stampededoctor.detectors.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stampededoctor.detectors.db.DatabaseSummary;
import dev.stampededoctor.detectors.db.DbCorrelator;
import dev.stampededoctor.detectors.db.DbSample;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The result of an analysis: what was read, what the traffic did to the cache, the incidents
 * (events grouped by cause, worst first) and the events they are made of. Serialised as
 * documented in {@code docs/report-schema.md}; field names are the JSON names.
 *
 * @param generatedAt when the document was made (ISO-8601 UTC); null until the CLI stamps it
 * @param target      what it describes; null until the CLI names it
 */
public record Report(int reportVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) String generatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Target target,
        VerdictSummary verdict, InputSummary input, TrafficSummary stats, List<Incident> incidents,
        List<CacheEvent> events, List<LockUsage> locks, List<LatentRisk> latentRisks,
        @JsonInclude(JsonInclude.Include.NON_NULL) LiveSummary live,
        @JsonInclude(JsonInclude.Include.NON_NULL) DatabaseSummary database) {
    /**
     * Bumped when a field changes meaning or disappears; new fields do not bump it. 3: events of
     * an unknown trigger are {@code unexplained-stampede} unless the evidence makes them TTL herds;
     * numeric key families share one pattern.
     */
    public static final int VERSION = 3;

    /** A report of a recorded capture: no live or database section yet. */
    public Report(VerdictSummary verdict, InputSummary input, TrafficSummary stats, List<Incident> incidents,
            List<CacheEvent> events, List<LockUsage> locks, List<LatentRisk> latentRisks) {
        this(VERSION, null, null, verdict, input, stats, incidents, events, locks, latentRisks, null, null);
    }

    /** This report stamped with when it was made and what it describes. */
    public Report withTarget(Target target, String generatedAt) {
        return new Report(reportVersion, generatedAt, target, verdict, input, stats, incidents, events, locks,
                latentRisks, live, database);
    }

    /** This report with what a live attach saw besides the MONITOR stream. */
    public Report withLive(LiveSummary live) {
        return new Report(reportVersion, generatedAt, target, verdict, input, stats, incidents, events, locks,
                latentRisks, live, database);
    }

    /** This report with its latent risks replaced (their next expiry learnt from PTTL, say). */
    public Report withLatentRisks(List<LatentRisk> risks) {
        return new Report(reportVersion, generatedAt, target, verdict, input, stats, incidents, events, locks,
                List.copyOf(risks), live, database);
    }

    /** This report with its incidents' advice replaced (ranked by a replay, say). */
    public Report withIncidentAdvice(UnaryOperator<Incident> advise) {
        return new Report(reportVersion, generatedAt, target, verdict, input, stats,
                incidents.stream().map(advise).toList(), events, locks, latentRisks, live, database);
    }

    /**
     * This report with the database's side: each event correlated with the samples, and the
     * bursts no event explains.
     */
    public Report withDatabase(String source, List<DbSample> samples, double intervalMs, List<String> notes,
            int minBurst, List<DatabaseSummary.StatementCalls> statements) {
        DbCorrelator correlator = new DbCorrelator(samples, minBurst);
        List<CacheEvent> correlated = events.stream().map(correlator::correlate).toList();
        // The database saw the rebuilds: rank by the time the redundant ones cost it.
        List<Incident> costed = dev.stampededoctor.detectors.incident.IncidentRanking.rank(incidents.stream()
                .map(i -> i.rebuildMs() != null && i.events().stream().anyMatch(k -> correlated.get(k).dbCorrelation() != null
                        && correlated.get(k).dbCorrelation().queriesStarted() > 0)
                        ? i.withWastedDbMs(Math.round(i.redundantRebuilds() * i.rebuildMs() * 10) / 10.0) : i)
                .toList());
        return new Report(reportVersion, generatedAt, target, verdict, input, stats, costed, correlated, locks,
                latentRisks, live, new DatabaseSummary(source, samples.size(), intervalMs, List.copyOf(notes),
                        correlator.bursts(events), statements, dev.stampededoctor.detectors.db.DbConcurrency.of(samples,
                        stats.timeline())));
    }

    public boolean foundProblems() {
        return events.stream().anyMatch(CacheEvent::isAlarm);
    }
}
