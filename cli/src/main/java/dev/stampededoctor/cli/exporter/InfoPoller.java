package dev.stampededoctor.cli.exporter;

import dev.stampededoctor.cli.redis.ServerInfo;

/**
 * INFO's {@code keyspace_hits} and {@code keyspace_misses}, kept from the last two polls: the
 * only hits the exporter can know without MONITOR (keyspace events have none), for the whole
 * server. A restart of Redis lowers them; the ratio then waits for the next poll. The audit's own
 * PTTLs count as hits in INFO: they are taken out of the ratio ({@link #ownReads}).
 */
final class InfoPoller {
    private volatile long hits = -1;
    private volatile long misses = -1;
    private volatile double recentHitRatio = Double.NaN;
    private final java.util.concurrent.atomic.AtomicLong ownReads = new java.util.concurrent.atomic.AtomicLong();
    private long ownReadsAtLastPoll;

    /** A key the exporter itself read (the audit's PTTL): INFO counts it as a hit, the ratio must not. */
    void ownRead() {
        ownReads.incrementAndGet();
    }

    /** Takes one INFO stats reply (the poller's thread). */
    synchronized void polled(ServerInfo info) {
        long h = number(info.get("keyspace_hits"));
        long m = number(info.get("keyspace_misses"));
        if (h < 0 || m < 0) {
            return;
        }
        long own = ownReads.get();
        long dh = Math.max(0, h - hits - (own - ownReadsAtLastPoll));
        long dm = m - misses;
        ownReadsAtLastPoll = own;
        if (hits >= 0 && h >= hits && dm >= 0) {
            recentHitRatio = dh + dm == 0 ? Double.NaN : (double) dh / (dh + dm);
        } else {
            recentHitRatio = Double.NaN;
        }
        hits = h;
        misses = m;
    }

    private static long number(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    double hits() {
        return hits;
    }

    double misses() {
        return misses;
    }

    double recentHitRatio() {
        return recentHitRatio;
    }
}
