package dev.stampededoctor.detectors.ttl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpiryClustersTest {
    private final TtlAuditRules rules = TtlAuditRules.defaults();

    @Test
    void two_separate_bursts_are_two_clusters_largest_first_and_overlapping_windows_merge() {
        long[] ttls = new long[200];
        for (int i = 0; i < 50; i++) {
            ttls[i] = 10_000 + i * 10L; // 50 keys within half a second
        }
        for (int i = 0; i < 150; i++) {
            ttls[50 + i] = 100_000 + i * 10L; // 150 keys over 1.5 s: overlapping 1 s windows
        }
        var clusters = ExpiryClusters.find(ttls, ttls.length, 1_000, rules);
        assertThat(clusters).hasSize(2);
        assertThat(clusters.get(0)).isEqualTo(new ExpiryClusters.Cluster(100_000, 101_490, 150, 100));
        assertThat(clusters.get(1)).isEqualTo(new ExpiryClusters.Cluster(10_000, 10_490, 50, 50));
    }

    @Test
    void an_even_spread_has_no_cluster_however_many_keys() {
        long[] ttls = new long[100_000];
        for (int i = 0; i < ttls.length; i++) {
            ttls[i] = i * 36L; // 100 k keys over an hour: 28 per second
        }
        assertThat(ExpiryClusters.find(ttls, ttls.length, 1_000, rules)).isEmpty();
    }

    @Test
    void the_threshold_is_the_larger_of_the_minimum_and_ten_times_the_even_rate() {
        assertThat(ExpiryClusters.threshold(1_000, 1_000_000, 1_000, rules)).isEqualTo(20);
        assertThat(ExpiryClusters.threshold(100_000, 1_000_000, 1_000, rules)).isEqualTo(1_000);
        assertThat(ExpiryClusters.threshold(100, 10, 1_000, rules)).isEqualTo(1_000); // horizon inside one window
    }

    @Test
    void the_jitter_rule_stays_within_the_spread_and_keeps_the_mean() {
        JitterSpread spread = new JitterSpread(10);
        SplittableRandom random = new SplittableRandom(1);
        double sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 100_000; i++) {
            long t = spread.apply(600_000, JitterSpread.draw(random));
            sum += t;
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        assertThat(min).isBetween(540_000L, 541_000L);
        assertThat(max).isBetween(659_000L, 660_000L);
        assertThat(sum / 100_000).isBetween(599_000.0, 601_000.0);
        assertThat(spread.apply(1, -1)).isEqualTo(1);
    }

    @Test
    void a_jitter_plan_flattens_keys_that_expire_together() {
        JitterSpread spread = new JitterSpread(20);
        long[] ttls = new long[1_000];
        long[] after = new long[1_000];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < ttls.length; i++) {
            ttls[i] = 600_000;
            after[i] = spread.apply(ttls[i], JitterSpread.draw(random));
        }
        JitterPlan plan = JitterPlan.of(spread, 1_200, 200, ttls, after, 1_000, rules);
        assertThat(plan.changed()).isEqualTo(1_000);
        assertThat(plan.withoutTtl()).isEqualTo(200);
        assertThat(plan.windowMs()).isEqualTo(6_000);
        assertThat(plan.peakKeysBefore()).isEqualTo(1_000);
        // 1,000 keys over 240 s: about 25 per 6 s window.
        assertThat(plan.peakKeysAfter()).isBetween(20, 50);
        assertThat(plan.before().horizonMs()).isEqualTo(plan.after().horizonMs());
        assertThat(java.util.Arrays.stream(plan.after().counts()).max().getAsInt()).isLessThan(100);
    }

    @Test
    void the_auto_window_is_a_hundredth_of_the_median_ttl_between_one_second_and_a_minute() {
        assertThat(rules.windowFor(5_000)).isEqualTo(1_000);
        assertThat(rules.windowFor(1_800_000)).isEqualTo(18_000);
        assertThat(rules.windowFor(86_400_000)).isEqualTo(60_000);
        assertThat(new TtlAuditRules(20, 10, 250, 48).windowFor(86_400_000)).isEqualTo(250);
    }
}
