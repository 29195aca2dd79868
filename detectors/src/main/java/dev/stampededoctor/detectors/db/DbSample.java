package dev.stampededoctor.detectors.db;

import java.util.List;

/**
 * One sample of {@code pg_stat_activity}: the active client backends at {@code at} (epoch
 * microseconds, the sampler's clock). Also the line format of a saved samples file (JSON, one
 * sample per line).
 */
public record DbSample(long at, List<Row> rows) {

    /**
     * One active backend: its pid, {@code query_id} (null where the server does not compute it),
     * query text (possibly truncated), and {@code query_start} in epoch microseconds.
     */
    public record Row(int pid, Long queryId, String query, long queryStart) {
    }
}
