package dev.stampededoctor.cli.redis.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.servers.KeySlots;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The router's slot function and its reading of the redirect replies, as Redis writes them;
 * that it follows them under a live reshard is JitterClusterIT's to prove, on real nodes.
 */
class SlotRouterTest {

    @Test
    void slots_are_the_specs_crc16_with_hash_tags() {
        assertThat(SlotRouter.slot(bytes("123456789"))).isEqualTo(0x31C3 & 16383); // the spec's test vector
        assertThat(SlotRouter.slot(bytes("foo"))).isEqualTo(12182); // CLUSTER KEYSLOT foo
        assertThat(SlotRouter.slot(bytes("{user1000}.following"))).isEqualTo(SlotRouter.slot(bytes("user1000")));
        assertThat(SlotRouter.slot(bytes("foo{}{bar}"))).isEqualTo(KeySlots.slot("foo{}{bar}"));
        assertThat(SlotRouter.slot(bytes("foo{{bar}}zap"))).isEqualTo(SlotRouter.slot(bytes("{bar")));
        assertThat(SlotRouter.slot(new byte[0])).isZero();
        // The table-driven CRC agrees with the tests' bit-by-bit one on any bytes, tags and all.
        Random random = new Random(15);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[random.nextInt(24)];
            random.nextBytes(key);
            if (key.length > 3 && random.nextBoolean()) {
                key[random.nextInt(key.length)] = '{';
                key[random.nextInt(key.length)] = '}';
            }
            assertThat(SlotRouter.slot(key)).as("key %d", i).isEqualTo(KeySlots.slot(key));
        }
    }

    @Test
    void moved_and_ask_name_the_slot_and_the_node() {
        SlotRouter.Redirect moved = SlotRouter.Redirect.parse("MOVED 3999 127.0.0.1:6381");
        assertThat(moved).isEqualTo(new SlotRouter.Redirect(SlotRouter.Redirect.Kind.MOVED, 3999, "127.0.0.1", 6381));
        assertThat(moved.address("10.0.0.1:7000")).isEqualTo("127.0.0.1:6381");
        SlotRouter.Redirect ask = SlotRouter.Redirect.parse("ASK 12182 redis-2.cache.internal:6379");
        assertThat(ask.kind()).isEqualTo(SlotRouter.Redirect.Kind.ASK);
        assertThat(ask.slot()).isEqualTo(12182);
        assertThat(ask.address("x:1")).isEqualTo("redis-2.cache.internal:6379");
        // IPv6 comes without brackets; the router names nodes as the topology does, with them.
        assertThat(SlotRouter.Redirect.parse("MOVED 1 ::1:7001").address("[::1]:7000")).isEqualTo("[::1]:7001");
        // An unknown endpoint (cluster-preferred-endpoint-type unknown-endpoint): the host that answered.
        assertThat(SlotRouter.Redirect.parse("MOVED 5 :7002").address("[::1]:7000")).isEqualTo("[::1]:7002");
        assertThat(SlotRouter.Redirect.parse("ASK 5 ?:7002").address("10.0.0.1:7000")).isEqualTo("10.0.0.1:7002");
    }

    @Test
    void retries_and_noscript_are_told_from_other_errors() {
        for (String e : List.of("TRYAGAIN Multiple keys request during rehashing of slot",
                "CLUSTERDOWN The cluster is down", "LOADING Redis is loading the dataset in memory")) {
            assertThat(SlotRouter.Redirect.parse(e).kind()).as(e).isEqualTo(SlotRouter.Redirect.Kind.RETRY);
        }
        assertThat(SlotRouter.Redirect.parse("NOSCRIPT No matching script. Please use EVAL.").kind())
                .isEqualTo(SlotRouter.Redirect.Kind.NOSCRIPT);
        for (String e : List.of("ERR wrong number of arguments", "MOVED", "MOVED x 127.0.0.1:1", "ASK 1 nocolon",
                "READONLY You can't write against a read only replica.", "MOVEDX 1 a:1")) {
            assertThat(SlotRouter.Redirect.parse(e)).as(e).isNull();
        }
        assertThat(SlotRouter.Redirect.parse(null)).isNull();
    }

    @Test
    void the_table_comes_from_the_primaries_and_unknown_slots_go_to_the_seed() {
        List<ClusterNode> topology = List.of(
                new ClusterNode("a", "10.0.0.1", 7000, true, null, List.of(new int[] {0, 8191}), true),
                new ClusterNode("b", "10.0.0.2", 7000, true, null, List.of(new int[] {8192, 12000}), true),
                new ClusterNode("c", "10.0.0.3", 7000, false, "a", List.of(new int[] {0, 8191}), true));
        try (SlotRouter router = SlotRouter.cluster(topology, "seed:1", address -> {
            throw new java.io.IOException("no connections in a unit test");
        })) {
            for (int i = 0; i < 1_000; i++) {
                byte[] key = bytes("k" + i);
                int slot = SlotRouter.slot(key);
                assertThat(router.nodeOf(key)).as("slot %d", slot).isEqualTo(slot <= 8191 ? "10.0.0.1:7000"
                        : slot <= 12000 ? "10.0.0.2:7000" : "seed:1"); // the replica's copy of a's slots is no owner
            }
            assertThat(router.nodeIds()).containsExactly("a", "b", "c");
            assertThat(router.cluster()).isTrue();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
