package dev.stampededoctor.detectors.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PoliciesTest {

    @Test
    void every_policy_is_there_by_default_in_report_order() {
        assertThat(Policies.names()).containsExactly("as-is", "jitter", "write-through", "lock", "xfetch",
                "stale-while-revalidate");
        assertThat(Policies.all()).extracting(CachePolicy::name).containsExactlyElementsOf(Policies.names());
        assertThat(Policies.all()).extracting(CachePolicy::parameters)
                .containsExactly("", "spread=10%", "", "", "beta=1", "stale=100%");
    }

    @Test
    void a_parameter_is_given_bare_or_by_name() {
        assertThat(Policies.parse("jitter=25%").parameters()).isEqualTo("spread=25%");
        assertThat(Policies.parse("jitter=spread=2.5").parameters()).isEqualTo("spread=2.5%");
        assertThat(Policies.parse("xfetch=2").parameters()).isEqualTo("beta=2");
        assertThat(Policies.parse("XFetch=beta=0.5").parameters()).isEqualTo("beta=0.5");
        assertThat(Policies.parse("stale-while-revalidate=30s").parameters()).isEqualTo("stale=30s");
        assertThat(Policies.parse("stale-while-revalidate=stale=250ms").parameters()).isEqualTo("stale=250ms");
        assertThat(Policies.parse("stale-while-revalidate=50%").parameters()).isEqualTo("stale=50%");
        assertThat(Policies.parse("lock").name()).isEqualTo("lock");
    }

    @Test
    void parameters_change_what_the_policy_does() {
        assertThat(Policies.parse("stale-while-revalidate=30s").staleWindow(1_000_000)).isEqualTo(30_000_000);
        assertThat(Policies.parse("stale-while-revalidate=50%").staleWindow(1_000_000)).isEqualTo(500_000);
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        CachePolicy jitter = Policies.parse("jitter=20%");
        for (int i = 0; i < 1000; i++) {
            assertThat(jitter.storedTtl(1_000_000, random)).isBetween(800_000L, 1_200_000L);
        }
    }

    @Test
    void mistakes_are_named() {
        assertThatThrownBy(() -> Policies.parse("nope")).hasMessageContaining("unknown policy 'nope'")
                .hasMessageContaining("as-is, jitter, write-through, lock, xfetch, stale-while-revalidate");
        assertThatThrownBy(() -> Policies.parse("lock=3")).hasMessageContaining("lock takes no parameters");
        assertThatThrownBy(() -> Policies.parse("jitter=abc")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Policies.parse("jitter=150%")).hasMessageContaining("below 100 %");
        assertThatThrownBy(() -> Policies.parse("xfetch=0")).hasMessageContaining("beta must be above 0");
        assertThatThrownBy(() -> Policies.parse("stale-while-revalidate=30")).hasMessageContaining("30s");
        assertThatThrownBy(() -> Policies.parse("jitter=")).hasMessageContaining("empty");
    }
}
