package dev.stampededoctor.detectors.ttl;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The jitter rule: a key's new remaining TTL is drawn uniformly from {@code [ttl × (1 − s),
 * ttl × (1 + s)]}, rounded to the millisecond and at least 1 ms, where {@code s} is the spread
 * (10 % is 0.1). It shortens as many keys as it lengthens, so the pattern's mean TTL and memory
 * stay the same, and keys that expired together now expire over {@code 2 × s × ttl}.
 */
public final class JitterSpread {
    /** The spreads a recommendation tries, smallest first. */
    static final int[] CANDIDATE_PERCENTS = {5, 10, 15, 20, 25, 30, 40, 50};
    public static final double MAX_PERCENT = 90;

    private final double percent;
    private final double fraction;

    public JitterSpread(double percent) {
        if (!(percent > 0 && percent <= MAX_PERCENT)) {
            throw new IllegalArgumentException("the spread must be above 0 % and at most " + (int) MAX_PERCENT + " %, not "
                    + percent + " %");
        }
        this.percent = percent;
        this.fraction = percent / 100;
    }

    public double percent() {
        return percent;
    }

    /** The new TTL for {@code ttlMillis} at draw {@code u} in {@code [-1, 1]}. */
    public long apply(long ttlMillis, double u) {
        return Math.max(1, Math.round(ttlMillis * (1 + fraction * u)));
    }

    /** A draw for {@link #apply}: uniform in {@code [-1, 1]}. */
    public static double draw(SplittableRandom random) {
        return random.nextDouble(-1, Math.nextUp(1.0));
    }

    /** The first {@code n} TTLs jittered with a fixed seed (a prediction, not the applied draws), sorted. */
    long[] predict(long[] ttls, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = apply(ttls[i], draw(random));
        }
        Arrays.sort(out);
        return out;
    }
}
