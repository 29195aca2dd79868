package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.jitter.MatchedKeys;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.cluster.Deployment;
import dev.stampededoctor.cli.redis.cluster.DeploymentResolver;
import dev.stampededoctor.detectors.ttl.JitterPlan;
import dev.stampededoctor.detectors.ttl.JitterSpread;
import dev.stampededoctor.detectors.ttl.TtlAuditRules;
import java.io.IOException;
import java.util.SplittableRandom;
import picocli.CommandLine.Option;

/** Which keys a jitter touches and by how much: shared by {@code plan} and {@code apply}. */
public final class JitterSelection {
    /** Keys this close to expiry are left to expire: their guard could not tell a writer from the clock. */
    static final long MIN_TTL_MILLIS = 1_000;

    @Option(names = "--match", paramLabel = "GLOB", required = true, description = "The keys to jitter (SCAN MATCH glob).")
    String match;

    @Option(names = "--spread", paramLabel = "PERCENT", required = true, converter = Percent.class,
            description = "New TTL drawn uniformly within ±PERCENT of the current one, e.g. 10%%; at most 90%%.")
    double spread;

    @Option(names = "--sample", paramLabel = "PERCENT", converter = Percent.class,
            description = "Only this share of the matching keys, drawn at random: a canary (e.g. 1%%).")
    Double sample;

    @Option(names = "--max-keys", paramLabel = "N", defaultValue = "1000000",
            description = "Stop scanning after this many matching keys, shared out among a cluster's primaries"
                    + " (default: ${DEFAULT-VALUE}).")
    long maxKeys;

    @Option(names = "--scan-rate", paramLabel = "KEYS_PER_S", defaultValue = "0",
            description = "Read at most this many keys per second while scanning, on each node of a cluster"
                    + " (default: no limit).")
    long scanRate;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for the random draws (repeatable runs).")
    Long seed;

    JitterSpread spread() {
        if (spread > JitterSpread.MAX_PERCENT) {
            throw new UsageException("--spread must be at most " + (int) JitterSpread.MAX_PERCENT + "%");
        }
        if (maxKeys < 1 || scanRate < 0) {
            throw new UsageException("--max-keys must be at least 1 and --scan-rate not negative");
        }
        return new JitterSpread(spread);
    }

    private Long drawn;

    /** --seed, or one drawn once for this run: printed, so that the run can be repeated. */
    long seed() {
        if (seed != null) {
            return seed;
        }
        if (drawn == null) {
            drawn = new SplittableRandom().nextLong();
        }
        return drawn;
    }

    /** The random source of the sample and the draws: from {@link #seed()}. */
    SplittableRandom random() {
        return new SplittableRandom(seed());
    }

    /** {@code Seed N: …}: how to draw the same TTLs again. */
    String seedLine() {
        return "Seed " + seed() + ": --seed " + seed() + " draws the same sample and the same TTL factors again.";
    }

    MatchedKeys scan(RedisConnection c, SplittableRandom random) throws IOException {
        return MatchedKeys.scan(c, match, maxKeys, scanRate, sample == null ? 1 : sample / 100, MIN_TTL_MILLIS, random);
    }

    /**
     * On a Redis Cluster: every primary at once, each at --scan-rate, --max-keys shared out
     * ({@link MatchedKeys#scanAll}).
     */
    MatchedKeys scanAll(DeploymentResolver resolver, Deployment deployment, SplittableRandom random)
            throws IOException {
        return MatchedKeys.scanAll(resolver, deployment, match, maxKeys, scanRate, sample == null ? 1 : sample / 100,
                MIN_TTL_MILLIS, random);
    }

    /** The plan for {@code keys}, with draws from {@code random}; a cluster's has each node's share. */
    static JitterPlan plan(JitterSpread spread, MatchedKeys keys, SplittableRandom random) {
        long[] ttls = keys.ttls();
        long[] after = new long[ttls.length];
        for (int i = 0; i < ttls.length; i++) {
            after[i] = spread.apply(ttls[i], JitterSpread.draw(random));
        }
        return JitterPlan.of(spread, keys.matched(), keys.withoutTtl(), ttls, after, ttls.length, TtlAuditRules.defaults())
                .withNodes(keys.nodes());
    }
}
