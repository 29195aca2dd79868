package dev.stampededoctor.cli.drill;

import java.util.List;

/**
 * What the cache-aside clients do: each read picks one of {@code keys} at random (MGET reads them
 * all), in {@code db}; a miss queries row {@code index % tableRows + 1} of {@code table}, which
 * takes {@code rebuildMillis} (pg_sleep), and writes the value back with {@code ttlMillis}.
 *
 * @param jitterSpread share of the TTL that {@link Mitigation#JITTER} draws within (0.1 = ±10 %)
 * @param pauseMillis  each client's pause between two reads
 */
public record Workload(List<String> keys, int db, Shape shape, Mitigation mitigation, long ttlMillis,
        double jitterSpread, long runMillis, long pauseMillis, String table, int tableRows, long rebuildMillis) {

    public Workload {
        keys = List.copyOf(keys);
        if (keys.isEmpty() || ttlMillis <= 0 || runMillis <= 0 || pauseMillis < 0 || tableRows < 1) {
            throw new IllegalArgumentException("a workload needs keys, a TTL, a run time and a table");
        }
    }

    /** This workload with each client pausing {@code millis} between two reads. */
    public Workload withPauseMillis(long millis) {
        return new Workload(keys, db, shape, mitigation, ttlMillis, jitterSpread, runMillis, millis, table, tableRows,
                rebuildMillis);
    }

    /** The key a client locks while it rebuilds {@code key} (under the same prefix, so cleanup finds it). */
    public static String lockKey(String key) {
        return key + ":lock";
    }

    /** The table row that holds {@code key}'s value. */
    public int rowOf(String key) {
        int i = keys.indexOf(key);
        return Math.max(0, i) % tableRows + 1;
    }
}
