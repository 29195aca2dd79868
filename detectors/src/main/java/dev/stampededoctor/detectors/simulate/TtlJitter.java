package dev.stampededoctor.detectors.simulate;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Random TTLs: every write (and every rebuild's refill, and every EXPIRE) stores its TTL times a
 * factor drawn uniformly from {@code [1 - spread, 1 + spread]}, so keys written together expire
 * apart. A value kept longer than the application asked for is served stale for the difference.
 */
final class TtlJitter implements CachePolicy {
    static final double DEFAULT_SPREAD_PERCENT = 10;

    private final double spread;

    TtlJitter(double spreadPercent) {
        if (!(spreadPercent > 0 && spreadPercent < 100)) {
            throw new IllegalArgumentException("jitter: the spread must be above 0 % and below 100 %");
        }
        this.spread = spreadPercent / 100;
    }

    @Override
    public String name() {
        return "jitter";
    }

    @Override
    public String parameters() {
        return String.format(Locale.ROOT, "spread=%s%%", Policies.number(spread * 100));
    }

    @Override
    public long storedTtl(long ttl, RandomGenerator random) {
        return Math.round(ttl * (1 + spread * (2 * random.nextDouble() - 1)));
    }
}
