package dev.stampededoctor.cli.drill;

/**
 * One drill run, as asked for on the command line.
 *
 * @param ttlMillis     the TTL of the ttl and cluster scenarios (the invalidation scenario's hot key
 *                      keeps {@link DrillPlan#INVALIDATION_TTL_MILLIS}, so only the writer removes it)
 * @param keys          how many keys the cluster scenario seeds together
 * @param rebuildMillis how long each rebuild query takes (pg_sleep)
 * @param jitterSpread  the jitter mitigation's spread (0.1 = ±10 %)
 * @param pauseMillis   each client's pause between two reads
 * @param db            the Redis db the drill works in
 * @param connections   how the client threads reach Redis: a connection each, or one per process
 * @param processes     under {@link ConnectionMode#SHARED}, how many processes the threads are split over
 */
public record DrillSettings(Scenario scenario, Mitigation mitigation, int clients, long durationMillis, long ttlMillis,
        int keys, long rebuildMillis, double jitterSpread, long pauseMillis, int db, ConnectionMode connections,
        int processes) {

    /** Pooled connections, as before the shared mode. */
    public DrillSettings(Scenario scenario, Mitigation mitigation, int clients, long durationMillis, long ttlMillis,
            int keys, long rebuildMillis, double jitterSpread, long pauseMillis, int db) {
        this(scenario, mitigation, clients, durationMillis, ttlMillis, keys, rebuildMillis, jitterSpread, pauseMillis, db,
                ConnectionMode.POOLED, 1);
    }

    public DrillSettings withMitigation(Mitigation m) {
        return new DrillSettings(scenario, m, clients, durationMillis, ttlMillis, keys, rebuildMillis, jitterSpread,
                pauseMillis, db, connections, processes);
    }
}
