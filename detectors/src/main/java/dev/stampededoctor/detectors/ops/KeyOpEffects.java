package dev.stampededoctor.detectors.ops;

import dev.stampededoctor.detectors.command.CacheCommand;
import dev.stampededoctor.detectors.command.CacheEffects;
import dev.stampededoctor.detectors.command.ExpireCondition;
import dev.stampededoctor.detectors.command.FillMode;
import dev.stampededoctor.detectors.command.Invalidation;

/**
 * Cache effects as key operations: one {@link KeyOpKind} with a detail (the fill mode, expire
 * condition or invalidation cause, as its ordinal) and a value (the TTL or expiry). The analyzer's
 * batches and the simulator's trace store the same encoding.
 */
public abstract class KeyOpEffects implements CacheEffects {

    /** One key operation on argument {@code keyArg} of {@code cmd}. */
    protected abstract void record(KeyOpKind kind, CacheCommand cmd, int keyArg, int detail, long value);

    @Override
    public final void read(CacheCommand cmd, int keyArg) {
        // The detail of a read: what its reply said of the key (ReplyKind), NONE from MONITOR.
        record(KeyOpKind.READ, cmd, keyArg, cmd.line().reply(keyArg), 0);
    }

    @Override
    public final void fill(CacheCommand cmd, int keyArg, FillMode mode, long ttl) {
        record(KeyOpKind.FILL, cmd, keyArg, mode.ordinal(), ttl);
    }

    @Override
    public final void ttl(CacheCommand cmd, int keyArg, long ttl, ExpireCondition condition) {
        record(KeyOpKind.TTL, cmd, keyArg, condition.ordinal(), ttl);
    }

    @Override
    public final void invalidate(CacheCommand cmd, int keyArg, Invalidation cause) {
        record(KeyOpKind.INVALIDATE, cmd, keyArg, cause.ordinal(), 0);
    }
}
