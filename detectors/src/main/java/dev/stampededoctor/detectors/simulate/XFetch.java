package dev.stampededoctor.detectors.simulate;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Probabilistic early refresh (XFetch, Vattani et al., VLDB 2015): a reader recomputes a value
 * when {@code now - delta * beta * ln(random()) >= expiry}, with delta the rebuild time. Hot keys
 * are refreshed shortly before they expire, usually by one reader; it does nothing for deletes
 * or keys without a TTL, and readers do not coordinate, so two may refresh at once.
 */
final class XFetch implements CachePolicy {
    static final double DEFAULT_BETA = 1;

    private final double beta;

    XFetch(double beta) {
        if (!(beta > 0 && beta <= 100)) {
            throw new IllegalArgumentException("xfetch: beta must be above 0 and at most 100");
        }
        this.beta = beta;
    }

    @Override
    public String name() {
        return "xfetch";
    }

    @Override
    public String parameters() {
        return String.format(Locale.ROOT, "beta=%s", Policies.number(beta));
    }

    @Override
    public boolean refreshesEarly(long now, long expiry, long rebuildMicros, RandomGenerator random) {
        // 1 - nextDouble() is in (0, 1]: ln of it is finite.
        return now - rebuildMicros * beta * Math.log(1 - random.nextDouble()) >= expiry;
    }
}
