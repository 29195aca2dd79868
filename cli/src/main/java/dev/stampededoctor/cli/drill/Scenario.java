package dev.stampededoctor.cli.drill;

import java.util.Locale;

/** What the drill makes happen to the cache. */
public enum Scenario {
    /** A writer updates the row behind one hot key and deletes the key, at a quarter, half and three quarters of the run. */
    INVALIDATION("one hot key, deleted by a writer (DEL) three times during the run", "invalidation-stampede"),
    /** One hot key written with a TTL by every refill: a herd at each expiry. */
    TTL("one hot key with a short TTL, refilled with the same TTL: a herd at each expiry", "ttl-herd"),
    /** Many keys of one pattern written together with one TTL: they expire together. */
    CLUSTER("many keys of one pattern seeded together with one TTL: they expire together", "ttl-herd");

    private final String description;
    private final String expectedKind;

    Scenario(String description, String expectedKind) {
        this.description = description;
        this.expectedKind = expectedKind;
    }

    /** The name on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    /** The kind of event the detectors must report for this scenario run without a mitigation. */
    public String expectedKind() {
        return expectedKind;
    }

    public static Scenario of(String label) {
        for (Scenario s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + label + "' (invalidation, ttl, cluster)");
    }
}
