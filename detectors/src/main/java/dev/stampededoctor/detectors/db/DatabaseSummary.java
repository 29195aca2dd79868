package dev.stampededoctor.detectors.db;

import java.util.List;

/**
 * What the PostgreSQL samples showed: how many were taken, every how many ms, what limited the
 * view, bursts of identical queries no cache event explains, and the active queries per interval
 * on the capture's timeline ({@link DbConcurrency}).
 */
public record DatabaseSummary(String source, int samples, double intervalMs, List<String> notes, List<DbBurst> bursts,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        List<StatementCalls> statements,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        DbConcurrency concurrency) {

    /**
     * A statement of {@code pg_stat_statements} and how many times it was called during the scan
     * (the change in {@code calls}), most called first; present when the extension is.
     */
    public record StatementCalls(Long queryId, String query, long calls, double totalMs) {
    }
}
