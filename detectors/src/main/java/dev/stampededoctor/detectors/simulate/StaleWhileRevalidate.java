package dev.stampededoctor.detectors.simulate;

import java.util.Locale;

/**
 * Soft and hard TTLs: past the TTL the application set (soft) a value is still served, stale,
 * for a further window (hard TTL = soft + window) while one background refresh runs; only past
 * the hard TTL is it a miss. Deletes still delete. The window is a share of the TTL (default
 * 100 %: the hard TTL is twice the soft one) or a fixed time.
 */
final class StaleWhileRevalidate implements CachePolicy {
    static final double DEFAULT_WINDOW_PERCENT = 100;

    private final double percent;
    private final long micros;

    private StaleWhileRevalidate(double percent, long micros) {
        this.percent = percent;
        this.micros = micros;
    }

    /** A window of {@code percent} of each value's TTL. */
    static StaleWhileRevalidate ofPercent(double percent) {
        if (!(percent > 0 && percent <= 10_000)) {
            throw new IllegalArgumentException("stale-while-revalidate: the window must be above 0 % and at most 10000 %");
        }
        return new StaleWhileRevalidate(percent, 0);
    }

    /** A fixed window. */
    static StaleWhileRevalidate ofMicros(long micros) {
        if (micros <= 0) {
            throw new IllegalArgumentException("stale-while-revalidate: the window must be positive");
        }
        return new StaleWhileRevalidate(0, micros);
    }

    @Override
    public String name() {
        return "stale-while-revalidate";
    }

    @Override
    public String parameters() {
        return micros > 0 ? "stale=" + Policies.duration(micros)
                : String.format(Locale.ROOT, "stale=%s%%", Policies.number(percent));
    }

    @Override
    public long staleWindow(long ttl) {
        return micros > 0 ? micros : Math.round(ttl * percent / 100);
    }
}
