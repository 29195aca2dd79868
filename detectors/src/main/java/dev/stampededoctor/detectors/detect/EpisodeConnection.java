package dev.stampededoctor.detectors.detect;

/**
 * What one client connection did in one episode. A connection is a pipe, not a client: Lettuce
 * shares one per JVM, node-redis and ioredis one per process, so many concurrent requests may
 * miss on it and rebuild on it. It counts its misses still waiting for a rebuild, so that its fills
 * are rebuilds up to that number, while the follow-ups of its own refill (a second HSET, the writes
 * of one MULTI…EXEC or script) count once.
 */
final class EpisodeConnection {
    /** Its last miss and last fill in the episode (µs; -1 none). */
    long lastMissAt = -1;
    long lastFillAt = -1;
    /** Misses no fill of its own has answered yet, and when the oldest of them came. */
    int outstanding;
    long outstandingSince = -1;
    /** The most misses it had waiting at once: two or more, and it carries concurrent requests. */
    int maxOutstanding;
    /** How many of its misses a rebuild answered (its own fill or another connection's). */
    int answered;
    /** The earliest of its reads counted as stamped just before the expiry (µs; MAX_VALUE none). */
    long earliestLateRead = Long.MAX_VALUE;
    /** Its misses and the rebuilds its fills counted for, in the episode. */
    int misses;
    int rebuilds;
    /** The unit id of its last fill (0 none): fills of one MULTI…EXEC or script run are one rebuild. */
    int lastFillUnit;

    boolean missed() {
        return lastMissAt >= 0;
    }

    void miss(long at) {
        misses++;
        lastMissAt = at;
        if (outstanding++ == 0) {
            outstandingSince = at;
        }
        maxOutstanding = Math.max(maxOutstanding, outstanding);
    }

    /**
     * A fill by this connection; returns the miss it answers (µs) when it is a rebuild, or -1 when
     * it continues its previous one. A connection that never missed answers a miss still waiting
     * on {@code other} when there is one (spring-data-redis 3.4+ reads on one connection and writes
     * values back on a second); else it rebuilds with its first fill (a reader whose miss the
     * capture could not show) and continues with the others.
     */
    long fill(long at, int unit, EpisodeConnection other) {
        if (other != null && !missed() && !(unit != 0 && unit == lastFillUnit)) {
            lastFillAt = at;
            lastFillUnit = unit;
            return other.answerOne();
        }
        boolean sameUnit = unit != 0 && unit == lastFillUnit;
        boolean filledBefore = lastFillAt >= 0;
        lastFillAt = at;
        lastFillUnit = unit;
        if (sameUnit) {
            return -1;
        }
        if (outstanding > 0) {
            return answerOne();
        }
        return filledBefore ? -1 : Math.max(lastMissAt, at);
    }

    /** Takes one of its waiting misses as answered; returns when the oldest of them came. */
    private long answerOne() {
        answered++;
        long since = outstandingSince;
        if (--outstanding == 0) {
            outstandingSince = -1;
        }
        return since;
    }

    boolean waiting() {
        return outstanding > 0;
    }
}
