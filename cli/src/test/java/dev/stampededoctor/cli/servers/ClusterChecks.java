package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The states the cluster harness waits for, as {@link Waits.Probe}s: each returns what is still
 * wrong, or null. Every node is asked, because a cluster converges by gossip and a client may be
 * sent to any of them.
 */
final class ClusterChecks {
    private static final Set<String> BAD_FLAGS = Set.of("fail", "fail?", "handshake", "noaddr");

    private ClusterChecks() {
    }

    /** Each node lists exactly the {@code ids}, none still in handshake. */
    static String allKnown(List<RedisServerHandle> nodes, List<String> ids) throws IOException {
        for (RedisServerHandle node : nodes) {
            List<ClusterNode> view = view(node);
            if (view.size() != ids.size() || !view.stream().map(ClusterNode::id).allMatch(ids::contains)
                    || view.stream().anyMatch(n -> n.flags().contains("handshake"))) {
                return node.port() + " knows " + view.size() + " of " + ids.size() + " nodes";
            }
        }
        return null;
    }

    /**
     * Every node says {@code cluster_state:ok}, sees every other node connected and healthy, has the
     * same layout as the first node (same masters, same slots, same replicas), that layout has the
     * expected numbers of masters with slots and replicas, and every replica's link to its master
     * is up (so a failover has data to take over).
     */
    static String settled(List<RedisServerHandle> nodes, int primaries, int replicas) throws IOException {
        String expected = null;
        for (RedisServerHandle node : nodes) {
            String problem = healthy(node, nodes.size());
            if (problem != null) {
                return problem;
            }
            List<ClusterNode> view = view(node);
            long masters = view.stream().filter(n -> n.primary() && n.slotCount() > 0).count();
            long slaves = view.stream().filter(n -> !n.primary()).count();
            if (masters != primaries || slaves != replicas) {
                return node.port() + " sees " + masters + " masters with slots and " + slaves + " replicas";
            }
            String layout = ClusterNode.layout(view);
            if (expected == null) {
                expected = layout;
            } else if (!expected.equals(layout)) {
                return node.port() + " sees " + layout + " but " + nodes.get(0).port() + " sees " + expected;
            }
        }
        return replicasInSync(nodes);
    }

    /** Every node agrees with the first on the layout and is healthy: after a reshard or failover. */
    static String agreed(List<RedisServerHandle> nodes) throws IOException {
        String expected = null;
        for (RedisServerHandle node : nodes) {
            String problem = healthy(node, nodes.size());
            if (problem != null) {
                return problem;
            }
            String layout = ClusterNode.layout(view(node));
            if (expected == null) {
                expected = layout;
            } else if (!expected.equals(layout)) {
                return node.port() + " sees " + layout + " but " + nodes.get(0).port() + " sees " + expected;
            }
        }
        return null;
    }

    private static String healthy(RedisServerHandle node, int size) throws IOException {
        try (RespClient c = node.connect()) {
            String info = c.callForText("CLUSTER", "INFO");
            if (!info.contains("cluster_state:ok")) {
                return node.port() + " says " + info.lines().findFirst().orElse("nothing");
            }
            for (ClusterNode n : ClusterNode.parse(c.callForText("CLUSTER", "NODES"))) {
                if (!n.connected() || n.flags().stream().anyMatch(BAD_FLAGS::contains)) {
                    return node.port() + " sees " + n.port() + " as " + n.flags() + (n.connected() ? "" : " disconnected");
                }
            }
        }
        return null;
    }

    private static String replicasInSync(List<RedisServerHandle> nodes) throws IOException {
        for (RedisServerHandle node : nodes) {
            try (RespClient c = node.connect()) {
                String info = c.callForText("INFO", "replication");
                if (info.contains("role:slave") && !info.contains("master_link_status:up")) {
                    return "replica " + node.port() + " has its master link down";
                }
            }
        }
        return null;
    }

    /** What {@code node} believes about the cluster. */
    static List<ClusterNode> view(RedisServerHandle node) throws IOException {
        try (RespClient c = node.connect()) {
            return ClusterNode.parse(c.callForText("CLUSTER", "NODES"));
        }
    }
}
