package dev.stampededoctor.cli.jitter;

/**
 * The first line of a jitter journal: which server and db the TTLs were changed on (its address
 * and INFO's {@code run_id}, which a restart changes too), with what selection, when. Undo checks
 * it before writing anything, so that a journal is never played against the wrong Redis.
 *
 * @param journal always {@link #KIND}: tells the header from a key's line
 * @param seed    the seed of the draws: {@code --seed} with it draws the same TTLs again
 * @param at      when apply started (epoch ms)
 */
public record JournalHeader(String journal, int version, String server, String runId, int db, String match,
        double spreadPercent, long seed, long at) {
    public static final String KIND = "stampede-doctor jitter";

    public static JournalHeader of(String server, String runId, int db, String match, double spreadPercent, long seed,
            long at) {
        return new JournalHeader(KIND, 1, server, runId, db, match, spreadPercent, seed, at);
    }

    /** {@code run_id} cut for messages: enough to tell two servers apart. */
    public String shortRunId() {
        return runId == null ? "unknown" : runId.substring(0, Math.min(8, runId.length()));
    }
}
