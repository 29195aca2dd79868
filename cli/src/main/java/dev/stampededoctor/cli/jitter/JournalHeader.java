package dev.stampededoctor.cli.jitter;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The first line of a jitter journal: which server and db the TTLs were changed on (its address
 * and INFO's {@code run_id}, which a restart changes too), with what selection, when. Undo checks
 * it before writing anything, so that a journal is never played against the wrong Redis.
 *
 * @param journal      always {@link #KIND}: tells the header from a key's line
 * @param runId        one server's {@code run_id}; null on a cluster
 * @param seed         the seed of the draws: {@code --seed} with it draws the same TTLs again
 * @param at           when apply started (epoch ms)
 * @param clusterNodes on a Redis Cluster, the ids of its nodes (replicas too) when apply started:
 *                     the cluster's identity, which resharding and failovers keep (a node id
 *                     survives restarts); absent for one server
 */
public record JournalHeader(String journal, int version, String server, String runId, int db, String match,
        double spreadPercent, long seed, long at,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> clusterNodes) {
    public static final String KIND = "stampede-doctor jitter";

    public static JournalHeader of(String server, String runId, int db, String match, double spreadPercent, long seed,
            long at, List<String> clusterNodes) {
        return new JournalHeader(KIND, 1, server, runId, db, match, spreadPercent, seed, at, clusterNodes);
    }

    /** {@code run_id} cut for messages: enough to tell two servers apart. */
    public String shortRunId() {
        return runId == null ? "unknown" : runId.substring(0, Math.min(8, runId.length()));
    }
}
