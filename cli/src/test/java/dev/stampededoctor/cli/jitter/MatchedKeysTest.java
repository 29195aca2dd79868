package dev.stampededoctor.cli.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.ttl.JitterPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a cluster's per-node scans become one list of keys to change. */
class MatchedKeysTest {

    @Test
    void nodes_are_interleaved_and_a_key_seen_on_two_nodes_is_kept_once() {
        // "b:2" moved from the first node to the second during the scans: both listed it.
        MatchedKeys first = part(5, 2, "a:1", "b:2", "a:3");
        MatchedKeys second = part(3, 0, "c:1", "b:2", "c:3");
        MatchedKeys third = part(1, 1);
        MatchedKeys all = MatchedKeys.interleave(List.of(first, second, third), List.of("n1:1", "n2:2", "n3:3"));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            keys.add(new String(all.key(i), StandardCharsets.UTF_8));
        }
        assertThat(keys).containsExactly("a:1", "c:1", "b:2", "a:3", "c:3");
        assertThat(all.ttls()).containsExactly(1_000, 1_000, 2_000, 3_000, 3_000);
        assertThat(all.matched()).isEqualTo(5 + 3 - 1 + 1);
        assertThat(all.withoutTtl()).isEqualTo(3);
        assertThat(all.nodes()).containsExactly(new JitterPlan.NodeKeys("n1:1", 5, 2, 3, false),
                new JitterPlan.NodeKeys("n2:2", 2, 0, 2, false), new JitterPlan.NodeKeys("n3:3", 1, 1, 0, false));
    }

    /** A node's scan: {@code matched} keys, {@code withoutTtl} of them persistent, and these with a TTL. */
    private static MatchedKeys part(long matched, long withoutTtl, String... keys) {
        MatchedKeys m = new MatchedKeys();
        for (String k : keys) {
            m.add(k.getBytes(StandardCharsets.UTF_8), Long.parseLong(k.substring(k.indexOf(':') + 1)) * 1_000, 0);
        }
        m.matched = matched;
        m.withoutTtl = withoutTtl;
        return m;
    }
}
