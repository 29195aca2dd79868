package dev.stampededoctor.detectors.command;

import dev.stampededoctor.detectors.monitor.MonitorLine;

/**
 * A parsed line as the cache model sees it: the command, the client it really came from (for a
 * {@code lua} line, the client that ran the script) and whether it ran inside a transaction.
 * Reused for every line, like {@link MonitorLine}.
 */
public final class CacheCommand {
    /** The {@code db} of {@link CacheEffects#flush} for FLUSHALL. */
    public static final int ALL_DBS = -1;

    MonitorLine line;
    CommandType type;
    int clientId;
    boolean fromScript;
    long transactionId;
    int unitId;

    public MonitorLine line() {
        return line;
    }

    public CommandType type() {
        return type;
    }

    /** Id of the client in {@link CommandModel#clients()}. */
    public int clientId() {
        return clientId;
    }

    /** True for a {@code lua} line: run by a script that {@link #clientId()} started. */
    public boolean fromScript() {
        return fromScript;
    }

    /** Non-zero when the command ran between MULTI and EXEC; equal ids share one EXEC. */
    public long transactionId() {
        return transactionId;
    }

    /**
     * Non-zero for a command that ran as part of a larger unit: the same id for every command of
     * one MULTI…EXEC, or of one script run. A rebuild written as a unit (HSET, HSET, EXPIRE in a
     * MULTI) is one rebuild, however many fills it holds.
     */
    public int unitId() {
        return unitId;
    }

    public long timestampMicros() {
        return line.timestampMicros();
    }

    public int db() {
        return line.db();
    }
}
