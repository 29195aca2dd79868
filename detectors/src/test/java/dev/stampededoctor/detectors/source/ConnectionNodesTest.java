package dev.stampededoctor.detectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionNodesTest {
    @Test
    void a_client_address_reused_for_a_server_of_no_node_forgets_its_old_node() {
        ConnectionNodes nodes = new ConnectionNodes(s -> s.endsWith(":7001") ? "a:7001" : null);
        nodes.opened("10.0.0.1:50000", "10.0.0.2:7001");
        assertThat(nodes.nodeOfClient("10.0.0.1:50000")).isEqualTo("a:7001");
        nodes.opened("10.0.0.1:50000", "10.0.0.2:9999");
        assertThat(nodes.nodeOfClient("10.0.0.1:50000")).isNull();
        assertThat(nodes.nodeOfClient(null)).isNull();
    }

    @Test
    void past_its_bound_new_connections_are_not_recorded_but_known_ones_still_move() {
        ConnectionNodes nodes = new ConnectionNodes(s -> s.endsWith(":7001") ? "a:7001" : "b:7002");
        for (int i = 0; i < ConnectionNodes.MAX_CONNECTIONS; i++) {
            nodes.opened("c" + i, "10.0.0.2:7001");
        }
        nodes.opened("one-too-many", "10.0.0.2:7001");
        assertThat(nodes.nodeOfClient("one-too-many")).isNull();
        nodes.opened("c0", "10.0.0.2:7002");
        assertThat(nodes.nodeOfClient("c0")).isEqualTo("b:7002");
    }
}
