package dev.stampededoctor.cli.redis.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampededoctor.cli.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterTopologyTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void cluster_nodes_text_gives_roles_slots_health_and_ignores_migrations() {
        String text = String.join("\n",
                "07c3 127.0.0.1:30004@31004,cache-4 slave e7d1 0 1426238317239 4 connected",
                "67ed 127.0.0.1:30002@31002 master - 0 1426238316232 2 connected 5461-10922 [5461->-e7d1]",
                "292f 127.0.0.1:30003@31003 master,fail - 0 1426238318243 3 connected 10923-16383",
                "e7d1 127.0.0.1:30001@31001 myself,master - 0 0 1 connected 0-5460 7000",
                "");
        List<ClusterNode> nodes = ClusterTopology.fromNodes(text);
        assertThat(nodes).extracting(ClusterNode::address).containsExactly("cache-4:30004", "127.0.0.1:30002",
                "127.0.0.1:30003", "127.0.0.1:30001");
        ClusterNode replica = nodes.get(0);
        assertThat(replica.primary()).isFalse();
        assertThat(replica.primaryId()).isEqualTo("e7d1");
        assertThat(replica.slotCount()).as("its primary's slots").isEqualTo(5462);
        assertThat(nodes.get(1).slotCount()).as("the bracketed migration is not ownership").isEqualTo(5462);
        assertThat(nodes.get(2).healthy()).isFalse();
        assertThat(nodes.get(3).slots()).hasSize(2);
    }

    @Test
    void cluster_shards_gives_the_endpoint_or_ip_and_the_tls_port_on_tls() {
        List<Object> shard = List.of(b("slots"), List.of(0L, 5460L, 7000L, 7001L), b("nodes"), List.of(
                List.of(b("id"), b("aaa"), b("port"), 30001L, b("tls-port"), 40001L, b("ip"), b("10.0.0.1"), b("endpoint"),
                        b("10.0.0.1"), b("role"), b("master"), b("health"), b("online")),
                List.of(b("id"), b("bbb"), b("port"), 30004L, b("ip"), b("10.0.0.4"), b("endpoint"), b("?"),
                        b("role"), b("replica"), b("health"), b("loading"))));
        List<ClusterNode> plain = ClusterTopology.fromShards(List.of(shard), false);
        assertThat(plain).extracting(ClusterNode::address).containsExactly("10.0.0.1:30001", "10.0.0.4:30004");
        assertThat(plain.get(0).slotCount()).isEqualTo(5463);
        assertThat(plain.get(1).primaryId()).isEqualTo("aaa");
        assertThat(plain.get(1).healthy()).as("loading").isFalse();
        assertThat(ClusterTopology.fromShards(List.of(shard), true).get(0).port()).isEqualTo(40001);
    }

    @Test
    void node_map_maps_whole_addresses_or_hosts_and_refuses_other_forms() {
        NodeMap m = NodeMap.parse(List.of("10.0.0.1:30001=localhost:7001", "10.0.0.4=127.0.0.9", "[::5]:1=[::1]:2"));
        assertThat(m.apply("10.0.0.1", 30001)).containsExactly("localhost", "7001");
        assertThat(m.apply("10.0.0.4", 30004)).containsExactly("127.0.0.9", "30004");
        assertThat(m.apply("::5", 1)).containsExactly("::1", "2");
        assertThat(m.apply("10.0.0.2", 30002)).containsExactly("10.0.0.2", "30002");
        assertThatThrownBy(() -> NodeMap.parse(List.of("nonsense"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("ANNOUNCED=REACHABLE");
    }
}
