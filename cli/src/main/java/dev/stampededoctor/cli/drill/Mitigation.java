package dev.stampededoctor.cli.drill;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * How the drill's clients and writer run the cache: the same fixes {@code simulate} models, with
 * the same meaning, so that a simulation of the unmitigated run can be checked against the
 * mitigated run.
 */
public enum Mitigation {
    /** Plain cache-aside: every miss rebuilds, the writer deletes. */
    NONE("plain cache-aside: every miss queries the database; the writer deletes the key", "as-is",
            EnumSet.noneOf(Scenario.class)),
    /** Every TTL written is drawn from within the spread of the TTL. */
    JITTER("every TTL written is drawn from within the spread (default ±10 %)", "jitter",
            EnumSet.of(Scenario.CLUSTER)),
    /** The writer overwrites the key with the new value instead of deleting it. */
    WRITE_THROUGH("the writer overwrites the key with the new row instead of deleting it", "write-through",
            EnumSet.of(Scenario.INVALIDATION)),
    /** Single flight: a miss takes SET lock NX PX; the others re-read until the value is back. */
    LOCK("a miss takes a lock (SET … NX PX); the other clients wait for the value instead of querying",
            "lock", EnumSet.of(Scenario.INVALIDATION, Scenario.TTL)),
    /** XFetch: a reader refreshes early with probability rising towards the expiry (beta 1). */
    XFETCH("a reader refreshes early when now - rebuild time × ln(random) ≥ expiry (XFetch, beta 1)",
            "xfetch", EnumSet.of(Scenario.TTL)),
    /** Soft TTL in the value, hard TTL twice as long; past the soft TTL one reader refreshes, the others get stale. */
    STALE_WHILE_REVALIDATE("values carry a soft TTL and live twice as long; past it one reader refreshes"
            + " (behind a lock) while the others are served the stale value", "stale-while-revalidate",
            EnumSet.of(Scenario.TTL, Scenario.CLUSTER));

    private final String description;
    private final String policy;
    private final Set<Scenario> addresses;

    Mitigation(String description, String policy, Set<Scenario> addresses) {
        this.description = description;
        this.policy = policy;
        this.addresses = addresses;
    }

    /** The name on the command line and in reports (also the {@code simulate} policy name, but for none). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    /** The {@code simulate --policy} that models this mitigation. */
    public String policy(double jitterSpread) {
        if (this == JITTER) {
            return "jitter=" + Math.round(jitterSpread * 100) + "%";
        }
        return policy;
    }

    /**
     * Whether this mitigation removes the cause of {@code scenario}: a jittered TTL cannot stop a
     * delete, a lock cannot spread keys that expire together, and so on. A mitigation that does not
     * address the scenario leaves the stampede in place, and the drill says so.
     */
    public boolean addresses(Scenario scenario) {
        return addresses.contains(scenario);
    }

    public static Mitigation of(String label) {
        for (Mitigation m : values()) {
            if (m.label().equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mitigation '" + label
                + "' (none, jitter, write-through, lock, xfetch, stale-while-revalidate)");
    }
}
