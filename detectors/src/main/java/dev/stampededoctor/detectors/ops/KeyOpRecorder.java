package dev.stampededoctor.detectors.ops;

import dev.stampededoctor.detectors.command.CacheCommand;
import dev.stampededoctor.detectors.command.CacheEffects;
import dev.stampededoctor.detectors.command.ExpireCondition;
import dev.stampededoctor.detectors.command.FillMode;
import dev.stampededoctor.detectors.command.Invalidation;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import java.util.function.UnaryOperator;

/**
 * Turns the command model's per-key callbacks into {@link KeyOps} batches. When a batch is full
 * it is handed to {@code handOff}, which returns an empty batch to continue with.
 */
public final class KeyOpRecorder implements CacheEffects {
    private static final byte[] NO_KEY = new byte[0];

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
    public void read(CacheCommand cmd, int keyArg) {
        record(KeyOpKind.READ, cmd, keyArg, 0, 0);
    }

    @Override
    public void fill(CacheCommand cmd, int keyArg, FillMode mode, long ttl) {
        record(KeyOpKind.FILL, cmd, keyArg, mode.ordinal(), ttl);
    }

    @Override
    public void ttl(CacheCommand cmd, int keyArg, long ttl, ExpireCondition condition) {
        record(KeyOpKind.TTL, cmd, keyArg, condition.ordinal(), ttl);
    }

    @Override
    public void invalidate(CacheCommand cmd, int keyArg, Invalidation cause) {
        record(KeyOpKind.INVALIDATE, cmd, keyArg, cause.ordinal(), 0);
    }

    @Override
    public void flush(CacheCommand cmd, int db) {
        if (batch.isFull()) {
            batch = handOff.apply(batch);
        }
        batch.add(KeyOpKind.FLUSH, db, NO_KEY, 0, 0, cmd.timestampMicros(), cmd.clientId(), 0, 0, cmd.type(),
                cmd.fromScript());
    }

    private void record(KeyOpKind kind, CacheCommand cmd, int keyArg, int detail, long ttl) {
        if (batch.isFull()) {
            batch = handOff.apply(batch);
        }
        MonitorLine line = cmd.line();
        batch.add(kind, line.db(), line.argBuffer(), line.argOffset(keyArg), line.argLength(keyArg),
                line.timestampMicros(), cmd.clientId(), detail, ttl, cmd.type(), cmd.fromScript());
    }
}
