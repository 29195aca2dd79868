package dev.stampededoctor.detectors.ttl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.List;
import org.junit.jupiter.api.Test;

class TtlAuditorTest {
    private static final long NOW = 1_800_000_000_000L;

    private final TtlAuditor auditor = new TtlAuditor(TtlAuditRules.defaults(), 1_000);

    private void add(String key, long pttl) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        auditor.add(k, 0, k.length, pttl, NOW);
    }

    private PatternTtlReport pattern(TtlAuditReport report, String glob) {
        return report.patterns().stream().filter(p -> p.pattern().equals(glob)).findFirst().orElseThrow();
    }

    @Test
    void keys_written_together_with_one_ttl_are_a_cluster_with_a_jitter_that_flattens_it() {
        for (int i = 0; i < 500; i++) {
            add("session:" + (100_000 + i), 1_800_000 - i); // written within half a second
        }
        TtlAuditReport report = auditor.report(120, NOW, false, "stampede-doctor jitter plan --redis redis://cache:6379");
        PatternTtlReport p = pattern(report, "session:*");
        assertThat(report.clustered()).isTrue();
        assertThat(p.clustered()).isTrue();
        assertThat(p.clusters()).hasSize(1);
        ExpiryCluster c = p.clusters().get(0);
        assertThat(c.keys()).isEqualTo(500);
        assertThat(c.share()).isEqualTo(1.0);
        assertThat(c.startsInMs()).isEqualTo(1_800_000 - 499);
        assertThat(c.endsInMs()).isEqualTo(1_800_000);
        assertThat(c.windowMs()).isEqualTo(18_000);
        assertThat(c.startsAt()).isEqualTo((NOW + 1_800_000 - 499) / 1000.0);
        JitterRecommendation r = p.recommendation();
        assertThat(r.resolves()).isTrue();
        assertThat(r.peakKeysBefore()).isEqualTo(500);
        // ±s spreads 500 keys over 2 × s × 30 min; with 18 s windows, 5 % leaves about 50 per
        // window, above 10× the even rate of 5.
        assertThat(r.spreadPercent()).isEqualTo(10);
        assertThat(r.peakKeysAfter()).isBetween(20, 49);
        assertThat(r.command()).isEqualTo(
                "stampede-doctor jitter plan --redis redis://cache:6379 --match 'session:*' --spread 10%");
        assertThat(r.advice()).contains("±10 %", "18 s", "instead of 500");
    }

    @Test
    void keys_written_with_jittered_ttls_or_by_steady_traffic_are_not_clustered() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            add("user:" + i + ":profile", 3_600_000 + random.nextInt(720_001) - 360_000); // written at once, ±10 %
            add("cart:" + i, random.nextInt(600_000) + 1); // steady writes, one TTL of 10 min
        }
        TtlAuditReport report = auditor.report(120, NOW, false, null);
        assertThat(report.clustered()).isFalse();
        assertThat(pattern(report, "user:*:profile").clusters()).isEmpty();
        assertThat(pattern(report, "cart:*").recommendation()).isNull();
    }

    @Test
    void a_narrow_jitter_of_five_percent_is_still_a_cluster() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            add("user:" + i + ":profile", 3_600_000 + random.nextInt(360_001) - 180_000);
        }
        assertThat(pattern(auditor.report(1, NOW, false, null), "user:*:profile").clustered()).isTrue();
    }

    @Test
    void a_small_pattern_is_never_clustered() {
        for (int i = 0; i < TtlAuditRules.DEFAULT_MIN_CLUSTER_KEYS - 1; i++) {
            add("lock:" + (1_000 + i), 5_000);
        }
        assertThat(auditor.report(1, NOW, false, null).clustered()).isFalse();
    }

    @Test
    void counts_quantiles_histogram_persistent_and_vanished_keys() {
        for (int i = 1; i <= 100; i++) {
            add("product:" + i + ":detail", i * 1_000L);
        }
        add("product:7:detail", TtlAuditor.NO_TTL);
        add("product:8:detail", TtlAuditor.NO_TTL);
        add("product:9:detail", TtlAuditor.NO_KEY);
        add("config", TtlAuditor.NO_TTL);
        TtlAuditReport report = auditor.report(5, NOW, true, null);
        assertThat(report.scanned()).isEqualTo(104);
        assertThat(report.vanished()).isEqualTo(1);
        assertThat(report.truncated()).isTrue();
        PatternTtlReport p = pattern(report, "product:*:detail");
        assertThat(p.keys()).isEqualTo(102);
        assertThat(p.withoutTtl()).isEqualTo(2);
        assertThat(p.ttl()).isEqualTo(new TtlQuantiles(1_000, 50_000, 90_000, 99_000, 100_000));
        assertThat(p.distinctTtls()).isEqualTo(100);
        assertThat(p.expiries().horizonMs()).isGreaterThanOrEqualTo(100_000);
        assertThat(Arrays.stream(p.expiries().counts()).sum()).isEqualTo(100);
        PatternTtlReport config = pattern(report, "config");
        assertThat(config.ttl()).isNull();
        assertThat(config.expiries()).isNull();
        assertThat(config.withoutTtl()).isEqualTo(1);
    }

    @Test
    void ttls_read_at_different_times_are_taken_to_one_instant() {
        byte[] k = "a:1".getBytes(StandardCharsets.UTF_8);
        auditor.add(k, 0, k.length, 10_000, NOW - 4_000); // read 4 s before the end of the scan
        assertThat(auditor.report(1, NOW, false, null).patterns().get(0).ttl().max()).isEqualTo(6_000);
    }

    @Test
    void keys_past_the_pattern_limit_are_counted_only() {
        TtlAuditor small = new TtlAuditor(TtlAuditRules.defaults(), 1);
        for (String key : new String[] {"a:1", "b:1", "a:2"}) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            small.add(k, 0, k.length, 1_000, NOW);
        }
        TtlAuditReport report = small.report(1, NOW, false, null);
        assertThat(report.patterns()).extracting(PatternTtlReport::pattern).containsExactly("a:*");
        assertThat(report.untrackedKeys()).isEqualTo(1);
    }

    @Test
    void clustered_patterns_come_first() {
        for (int i = 0; i < 1_000; i++) {
            add("big:" + (10_000 + i), 1 + i * 1_000L);
        }
        for (int i = 0; i < 30; i++) {
            add("herd:" + (10_000 + i), 60_000);
        }
        assertThat(auditor.report(1, NOW, false, null).patterns()).extracting(PatternTtlReport::pattern)
                .containsExactly("herd:*", "big:*");
    }

    @Test
    void patterns_that_differ_only_in_short_digit_runs_merge_when_there_are_many() {
        for (int v = 0; v < 30; v++) {
            add("page:home:v" + v, 60_000);
        }
        add("feed:v1", 1_000);
        add("feed:v2", 1_000);
        TtlAuditReport report = auditor.report(1, NOW, false, null);
        assertThat(report.patterns()).extracting(PatternTtlReport::pattern)
                .containsExactlyInAnyOrder("page:home:v*", "feed:v1", "feed:v2");
        assertThat(pattern(report, "page:home:v*").keys()).isEqualTo(30);
        assertThat(pattern(report, "page:home:v*").clustered()).isTrue();
        assertThat(TtlAuditor.shape("a\\*1:*:12")).isEqualTo("a\\**:*:*");
    }

    @Test
    void rules_reject_nonsense() {
        assertThatThrownBy(() -> new TtlAuditRules(1, 10, 0, 48)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> new TtlAuditRules(20, 0.5, 0, 48)).hasMessageContaining("factor");
        assertThatThrownBy(() -> new JitterSpread(0)).hasMessageContaining("spread");
        assertThatThrownBy(() -> new JitterSpread(95)).hasMessageContaining("at most 90");
    }

    @Test
    void a_cluster_audit_breaks_each_pattern_down_by_node_after_merging_siblings() {
        auditor.nodes(List.of("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003"));
        long now = 1_800_000_000_000L;
        for (int i = 0; i < 8; i++) {
            byte[] k = ("user:" + i + ":{cart}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            auditor.add(i < 5 ? 0 : 2, k, 0, k.length, 60_000, now, null, -1);
        }
        for (int v = 1; v <= 9; v++) { // page:v1 … page:v9 merge into one pattern, from two nodes
            byte[] k = ("page:v" + v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            auditor.add(v % 2, k, 0, k.length, -1, now, null, -1);
        }
        TtlAuditReport report = auditor.report(10, now, false, "jitter");
        java.util.Map<String, java.util.Map<String, Long>> byPattern = new java.util.HashMap<>();
        report.patterns().forEach(p -> byPattern.put(p.pattern(), p.nodes()));
        assertThat(byPattern.get("user:*:{cart}")).containsExactly(java.util.Map.entry("127.0.0.1:7001", 5L),
                java.util.Map.entry("127.0.0.1:7002", 0L), java.util.Map.entry("127.0.0.1:7003", 3L));
        assertThat(byPattern.get("page:v*")).containsEntry("127.0.0.1:7001", 4L).containsEntry("127.0.0.1:7002", 5L)
                .containsEntry("127.0.0.1:7003", 0L);
    }

    @Test
    void one_server_has_no_node_breakdown() {
        add("user:1:profile", 60_000);
        assertThat(auditor.report(10, System.currentTimeMillis(), false, "j").patterns().get(0).nodes()).isNull();
    }

    @Test
    void hash_tagged_keys_share_a_pattern() {
        for (int i = 0; i < 30; i++) {
            add("{user:" + (1000 + i * 7) + "}:cart", 60_000);
            add("{session:" + Integer.toHexString(0x5f3e9c0d + i * 7919) + "}:data", 60_000);
        }
        assertThat(auditor.report(10, System.currentTimeMillis(), false, "j").patterns())
                .extracting(PatternTtlReport::pattern).containsExactlyInAnyOrder("{user:*}:cart", "{session:*}:data");
    }
}
