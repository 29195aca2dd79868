package dev.stampededoctor.cli.drill;

import java.util.ArrayList;
import java.util.List;

/**
 * A scenario made concrete for one run: the keys (under {@code stampede-doctor:drill:<run>:}),
 * the table, the workload, the seed, and the writer's actions.
 */
public record DrillPlan(String runId, String keyPrefix, String table, Workload workload, WorkloadRunner.Action setup,
        List<WorkloadRunner.Timed> actions) {
    /** Every drill key starts with this. */
    public static final String KEY_PREFIX = "stampede-doctor:drill:";
    /** The invalidation scenario's hot key lives this long: only the writer's deletes remove it. */
    public static final long INVALIDATION_TTL_MILLIS = 600_000;

    /**
     * The plan of {@code s} for run {@code runId} (lower-case letters: key-pattern inference keeps
     * them literal, so the drill's keys form their own patterns). Trigger times go to {@code counts}.
     */
    public static DrillPlan of(DrillSettings s, String runId, ClientCounts counts) {
        return of(s, runId, null, counts);
    }

    /**
     * As {@link #of(DrillSettings, String, ClientCounts)}, every key carrying the hash tag
     * {@code {hashTag}} after the run's id (null: none), for a Redis Cluster node that serves its
     * slot ({@link ClusterPlacement}).
     */
    public static DrillPlan of(DrillSettings s, String runId, String hashTag, ClientCounts counts) {
        String prefix = KEY_PREFIX + runId + ":" + (hashTag == null ? "" : "{" + hashTag + "}:");
        String table = DrillTable.name(runId);
        List<String> keys = new ArrayList<>();
        long ttl = s.ttlMillis();
        switch (s.scenario()) {
            case INVALIDATION -> {
                keys.add(prefix + "product:detail");
                ttl = INVALIDATION_TTL_MILLIS;
            }
            case TTL -> keys.add(prefix + "product:detail");
            case CLUSTER -> {
                for (int i = 0; i < s.keys(); i++) {
                    keys.add(prefix + "session:" + (100_000 + i));
                }
            }
        }
        Workload w = new Workload(keys, s.db(), Shape.STRING, s.mitigation(), ttl, s.jitterSpread(), s.durationMillis(),
                s.pauseMillis(), table, keys.size(), s.rebuildMillis());
        long seedTtl = ttl;
        WorkloadRunner.Action setup = (redis, db) -> {
            if (s.scenario() != Scenario.INVALIDATION) {
                counts.trigger(System.currentTimeMillis() + seedTtl);
            }
            new CacheAsideClient(w, counts, redis, db).seed(keys, "row version 1");
        };
        List<WorkloadRunner.Timed> actions = new ArrayList<>();
        if (s.scenario() == Scenario.INVALIDATION) {
            String key = keys.get(0);
            for (int i = 1; i <= 3; i++) {
                int version = i + 1;
                actions.add(new WorkloadRunner.Timed(s.durationMillis() * i / 4, (redis, db) -> {
                    String body = DrillTable.update(db, table, 1, version);
                    counts.trigger(System.currentTimeMillis());
                    if (s.mitigation() == Mitigation.WRITE_THROUGH) {
                        redis.call("SET", key, body, "PX", String.valueOf(seedTtl));
                    } else {
                        redis.call("DEL", key);
                    }
                }));
            }
        }
        return new DrillPlan(runId, prefix, table, w, setup, List.copyOf(actions));
    }
}
