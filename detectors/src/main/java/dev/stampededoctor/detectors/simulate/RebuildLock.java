package dev.stampededoctor.detectors.simulate;

/**
 * Single-flight per key ({@code SET lock:<key> <token> NX PX …}): the first client to miss
 * rebuilds, the others that miss meanwhile wait for its refill. Nothing stale is served (plain
 * Redis has no copy of a deleted or expired value to serve); the waits count as misses.
 */
final class RebuildLock implements CachePolicy {

    @Override
    public String name() {
        return "lock";
    }

    @Override
    public boolean coalescesMisses() {
        return true;
    }
}
