package dev.stampededoctor.detectors.detect;

import java.util.Arrays;

/**
 * The last few reads made by each client connection of keys not yet known, or about to expire, so
 * that a fill can be matched to a read of the same key by the same client: the cache-aside
 * signature of a miss the capture does not show as one (the key's earlier history is missing, or
 * the expiry came sooner than MONITOR's timestamps say).
 *
 * <p>Bounded: {@link #PER_CLIENT} reads for each of the first {@link #MAX_CLIENTS} client ids
 * (12 bytes a read, at most 6 MB); a client past that, or a read pushed out of its client's
 * ring by newer ones, is simply not matched.
 */
final class RecentReads {
    /** A power of two. */
    static final int PER_CLIENT = 8;
    static final int MAX_CLIENTS = 1 << 16;

    private int[] keys = new int[0];
    private long[] times = new long[0];
    private byte[] next = new byte[0];

    /** Client {@code client} read key {@code keyId} at {@code at}. */
    void note(int client, int keyId, long at) {
        // Small enough to inline on the read path; growing is the rare case, out of line.
        if (client < 0 || (client >= next.length && !grow(client))) {
            return;
        }
        int n = next[client];
        int slot = client * PER_CLIENT + n;
        keys[slot] = keyId;
        times[slot] = at;
        next[client] = (byte) ((n + 1) & (PER_CLIENT - 1));
    }

    /** Makes room for {@code client}; false past {@link #MAX_CLIENTS}. */
    private boolean grow(int client) {
        if (client >= MAX_CLIENTS) {
            return false;
        }
        int clients = Math.min(MAX_CLIENTS, Math.max(client + 1, next.length * 2));
        keys = Arrays.copyOf(keys, clients * PER_CLIENT);
        Arrays.fill(keys, next.length * PER_CLIENT, keys.length, -1);
        times = Arrays.copyOf(times, clients * PER_CLIENT);
        next = Arrays.copyOf(next, clients);
        return true;
    }

    /**
     * The latest read of {@code keyId} by {@code client} in [{@code from}, {@code to}], or -1 when
     * there is none (or it is no longer remembered).
     */
    long find(int client, int keyId, long from, long to) {
        if (client < 0 || client >= next.length) {
            return -1;
        }
        long found = -1;
        for (int slot = client * PER_CLIENT, end = slot + PER_CLIENT; slot < end; slot++) {
            long at = times[slot];
            if (keys[slot] == keyId && at >= from && at <= to && at > found) {
                found = at;
            }
        }
        return found;
    }
}
