package dev.stampededoctor.detectors.ops;

import dev.stampededoctor.detectors.command.CacheCommand;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import java.util.function.UnaryOperator;

/**
 * Turns the command model's per-key callbacks into {@link KeyOps} batches. When a batch is full
 * it is handed to {@code handOff}, which returns an empty batch to continue with.
 */
public final class KeyOpRecorder extends KeyOpEffects {
    private static final byte[] NO_KEY = new byte[0];
    /** Longer trigger lines (a DEL of hundreds of keys) are quoted cut. */
    public static final int MAX_LINE_TEXT = 1024;

    private final UnaryOperator<KeyOps> handOff;
    private KeyOps batch;

    public KeyOpRecorder(KeyOps first, UnaryOperator<KeyOps> handOff) {
        this.batch = first;
        this.handOff = handOff;
    }

    /** Hands off what is recorded so far, even if the batch is not full. */
    public void flush() {
        if (batch.size() > 0) {
            batch = handOff.apply(batch);
        }
    }

    @Override
    public void flush(CacheCommand cmd, int db) {
        if (batch.isFull()) {
            batch = handOff.apply(batch);
        }
        MonitorLine line = cmd.line();
        batch.add(KeyOpKind.FLUSH, db, NO_KEY, 0, 0, cmd.timestampMicros(), cmd.clientId(), 0, 0, cmd.type(),
                cmd.fromScript(), cmd.unitId(), line.lineId());
        batch.keepLineText(line.lineBuffer(), line.lineStart(), line.lineLength(), MAX_LINE_TEXT);
    }

    @Override
    protected void record(KeyOpKind kind, CacheCommand cmd, int keyArg, int detail, long ttl) {
        if (batch.isFull()) {
            batch = handOff.apply(batch);
        }
        MonitorLine line = cmd.line();
        batch.add(kind, line.db(), line.argBuffer(), line.argOffset(keyArg), line.argLength(keyArg),
                line.timestampMicros(), cmd.clientId(), detail, ttl, cmd.type(), cmd.fromScript(), cmd.unitId(),
                line.lineId());
        long latency = line.replyLatencyMicros();
        if (latency >= 0) {
            batch.setLatency(latency);
        }
        if (kind == KeyOpKind.INVALIDATE) {
            // The trigger's own line, for the report to quote (the detector keeps it while it may
            // become one).
            batch.keepLineText(line.lineBuffer(), line.lineStart(), line.lineLength(), MAX_LINE_TEXT);
        }
    }
}
