package dev.stampededoctor.detectors.ttl;

import java.util.Arrays;

/** The expiry instants (epoch ms) of one pattern's keys, and how many of its keys have none. */
final class PatternTtls {
    private long[] expiries = new long[16];
    private int size;
    private long withoutTtl;

    void add(long expiresAtMillis) {
        if (size == expiries.length) {
            expiries = Arrays.copyOf(expiries, size * 2);
        }
        expiries[size++] = expiresAtMillis;
    }

    void addPersistent() {
        withoutTtl++;
    }

    long withoutTtl() {
        return withoutTtl;
    }

    int size() {
        return size;
    }

    /** Remaining TTLs at {@code nowMillis}, sorted, at least 0 (keys that expired during the scan). */
    long[] remainingAt(long nowMillis) {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = Math.max(0, expiries[i] - nowMillis);
        }
        Arrays.sort(out);
        return out;
    }
}
