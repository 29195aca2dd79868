package dev.stampededoctor.detectors.ttl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRuleTest {
    private static PatternTtlReport pattern(String name, long keys, long withoutTtl, ExpiryCluster largest) {
        return new PatternTtlReport(name, keys, withoutTtl, null, 1, null, largest != null,
                largest == null ? List.of() : List.of(largest), null, null, null, null);
    }

    private static final TtlAuditReport REPORT = new TtlAuditReport(1_100, 0, 10, false, 0, List.of(
            pattern("session:*", 500, 0, new ExpiryCluster(0, 1_000, 0, 400, 0.8, 400, 1_000)),
            pattern("user:*:profile", 500, 0, new ExpiryCluster(0, 1_000, 0, 100, 0.2, 30, 1_000)),
            pattern("config:*", 100, 100, null)));

    @Test
    void parses_metrics_operators_units_and_a_pattern_glob() {
        AuditRule r = AuditRule.parse("cluster-share[Session:*] >= 20%");
        assertThat(r.metric()).isEqualTo("cluster-share");
        assertThat(r.patternGlob()).isEqualTo("Session:*");
        assertThat(r.operator()).isEqualTo(">=");
        assertThat(r.threshold()).isEqualTo(20);
        assertThat(AuditRule.parse("no-ttl>10k").threshold()).isEqualTo(10_000);
        assertThat(AuditRule.parse("keys<2m").threshold()).isEqualTo(2_000_000);
        assertThat(AuditRule.parse("no-ttl-share<=12.5").threshold()).isEqualTo(12.5);
    }

    @Test
    void bad_rules_say_what_is_wrong() {
        assertThatThrownBy(() -> AuditRule.parse("cluster-share>>20")).hasMessageContaining("METRIC[GLOB]OP VALUE");
        assertThatThrownBy(() -> AuditRule.parse("hits>3")).hasMessageContaining("no metric hits");
        assertThatThrownBy(() -> AuditRule.parse("cluster-share>120%")).hasMessageContaining("0 to 100");
        assertThatThrownBy(() -> AuditRule.parse("no-ttl>5%")).hasMessageContaining("a count");
    }

    @Test
    void measures_the_worst_pattern_or_the_total_and_fails_past_the_threshold() {
        AuditCheck share = AuditRule.parse("cluster-share>20%").check(REPORT);
        assertThat(share).isEqualTo(new AuditCheck("cluster-share>20%", 80.0, true, "session:*"));
        assertThat(AuditRule.parse("cluster-share[user:*]>20%").check(REPORT))
                .isEqualTo(new AuditCheck("cluster-share[user:*]>20%", 20.0, false, "user:*:profile"));
        assertThat(AuditRule.parse("cluster-keys>=400").check(REPORT).failed()).isTrue();
        assertThat(AuditRule.parse("clustered-patterns>1").check(REPORT).value()).isEqualTo(2);
        assertThat(AuditRule.parse("no-ttl>1000").check(REPORT)).isEqualTo(new AuditCheck("no-ttl>1000", 100, false, null));
        assertThat(AuditRule.parse("no-ttl-share>9%").check(REPORT).value()).isEqualTo(9.09);
        assertThat(AuditRule.parse("keys[nothing:*]<1").check(REPORT).failed()).isTrue();
        assertThat(AuditRule.parse("cluster-share[config:*]>0").check(REPORT).pattern()).isNull();
    }
}
