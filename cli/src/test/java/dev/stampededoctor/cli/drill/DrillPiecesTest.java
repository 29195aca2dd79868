package dev.stampededoctor.cli.drill;

import dev.stampededoctor.cli.input.BoundedOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillPiecesTest {

    @Test
    void latency_quantiles_are_at_most_five_percent_high() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i * 1_000_000L); // 1 ms … 1000 ms
        }
        assertThat(h.count()).isEqualTo(1000);
        assertThat(h.quantileMillis(0.5)).isBetween(500.0, 525.0);
        assertThat(h.quantileMillis(0.99)).isBetween(990.0, 1040.0);
        assertThat(h.quantileMillis(1.0)).isBetween(1000.0, 1050.0);
        assertThat(new LatencyHistogram().quantileMillis(0.5)).isZero();
    }

    @Test
    void merged_histograms_count_every_sample() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(100_000);
        b.record(50_000_000);
        b.record(50_000_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.quantileMillis(0.3)).isLessThan(0.2);
        assertThat(a.quantileMillis(0.9)).isBetween(50.0, 52.5);
    }

    @Test
    void a_cached_value_round_trips_and_plain_values_are_not_taken_for_one() {
        CachedValue v = new CachedValue(1_700_000_000_123L, 51, "row 1 | version 2");
        assertThat(CachedValue.decode(v.encode().getBytes(StandardCharsets.UTF_8))).isEqualTo(v);
        assertThat(CachedValue.decode("row 1 version 2".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(CachedValue.decode("sd1|x|1|b".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(CachedValue.decode("sd1|12".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void each_mitigation_names_the_scenarios_it_fixes_and_its_simulate_policy() {
        assertThat(Mitigation.of("write-through").addresses(Scenario.INVALIDATION)).isTrue();
        assertThat(Mitigation.of("jitter").addresses(Scenario.INVALIDATION)).isFalse();
        assertThat(Mitigation.of("jitter").addresses(Scenario.CLUSTER)).isTrue();
        assertThat(Mitigation.of("lock").addresses(Scenario.CLUSTER)).isFalse();
        assertThat(Mitigation.NONE.addresses(Scenario.TTL)).isFalse();
        assertThat(Mitigation.JITTER.policy(0.2)).isEqualTo("jitter=20%");
        assertThat(Mitigation.NONE.policy(0.1)).isEqualTo("as-is");
        assertThat(Mitigation.STALE_WHILE_REVALIDATE.label()).isEqualTo("stale-while-revalidate");
        for (Mitigation m : Mitigation.values()) {
            // every policy name is one simulate knows
            dev.stampededoctor.detectors.simulate.Policies.parse(m.policy(0.1));
        }
        assertThatThrownBy(() -> Mitigation.of("cache-everything")).hasMessageContaining("unknown mitigation");
        assertThatThrownBy(() -> Scenario.of("flood")).hasMessageContaining("unknown scenario 'flood'");
    }

    @Test
    void drill_tables_are_only_ever_the_drills_own() {
        assertThat(DrillTable.name("abcdefgh")).isEqualTo("stampede_doctor_drill_abcdefgh");
        assertThatThrownBy(() -> DrillTable.name("x; DROP TABLE users")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DrillTable.drop(null, "users")).hasMessageContaining("not a drill table");
    }

    @Test
    void a_plan_puts_every_key_under_the_runs_prefix_and_times_three_invalidations() {
        ClientCounts counts = new ClientCounts();
        DrillSettings s = new DrillSettings(Scenario.INVALIDATION, Mitigation.NONE, 8, 4_000, 3_000, 500, 50, 0.1, 2, 0);
        DrillPlan p = DrillPlan.of(s, "abcdefgh", counts);
        assertThat(p.keyPrefix()).isEqualTo("stampede-doctor:drill:abcdefgh:");
        assertThat(p.workload().keys()).allMatch(k -> k.startsWith(p.keyPrefix()));
        assertThat(p.workload().ttlMillis()).isEqualTo(DrillPlan.INVALIDATION_TTL_MILLIS);
        assertThat(p.actions()).extracting(WorkloadRunner.Timed::afterMillis).containsExactly(1_000L, 2_000L, 3_000L);

        DrillPlan cluster = DrillPlan.of(new DrillSettings(Scenario.CLUSTER, Mitigation.JITTER, 8, 4_000, 2_000, 300, 50,
                0.1, 2, 3), "abcdefgh", counts);
        assertThat(cluster.workload().keys()).hasSize(300).allMatch(k -> k.startsWith(cluster.keyPrefix()));
        assertThat(cluster.workload().db()).isEqualTo(3);
        assertThat(cluster.actions()).isEmpty();
        assertThat(Workload.lockKey(cluster.workload().keys().get(0))).startsWith(cluster.keyPrefix());
    }

    @Test
    void the_saved_capture_stops_growing_at_its_bound() throws Exception {
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        BoundedOutputStream out = new BoundedOutputStream(sink, 10);
        out.write("12345".getBytes(StandardCharsets.US_ASCII));
        out.write("678901".getBytes(StandardCharsets.US_ASCII));
        out.write("2".getBytes(StandardCharsets.US_ASCII));
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("12345");
        assertThat(out.overflowed()).isTrue();
    }

    @Test
    void the_peak_counts_only_the_drills_rebuild_queries() {
        String table = "stampede_doctor_drill_abcdefgh";
        String q = "SELECT body, pg_sleep($1) FROM " + table + " WHERE id = $2";
        var samples = List.of(
                new dev.stampededoctor.detectors.db.DbSample(1, List.of(row(1, q), row(2, q), row(3, "SELECT 1"))),
                new dev.stampededoctor.detectors.db.DbSample(2, List.of(row(1, q))));
        assertThat(Drill.peakConcurrent(samples, table)).isEqualTo(2);
    }

    private static dev.stampededoctor.detectors.db.DbSample.Row row(int pid, String query) {
        return new dev.stampededoctor.detectors.db.DbSample.Row(pid, null, query, 0);
    }
}
