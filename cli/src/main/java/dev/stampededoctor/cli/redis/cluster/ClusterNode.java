package dev.stampededoctor.cli.redis.cluster;

import java.util.List;

/**
 * One node of a Redis Cluster as the cluster announces it.
 *
 * @param id        the node id (40 hex characters)
 * @param host      the announced address (an IP, or the hostname where one is announced)
 * @param port      the announced client port ({@code tls-port} on a TLS cluster)
 * @param primary   whether it serves its slots (a master) rather than replicating them
 * @param primaryId for a replica, the id of the primary it copies; null for a primary
 * @param slots     the slot ranges a primary serves (a replica: its primary's), inclusive pairs
 * @param healthy   false when the cluster flags it failed, still loading or without an address
 */
public record ClusterNode(String id, String host, int port, boolean primary, String primaryId, List<int[]> slots,
        boolean healthy) {

    /** {@code host:port}, IPv6 in brackets: how reports name a node. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Slots served (a primary) or copied (a replica). */
    public int slotCount() {
        int n = 0;
        for (int[] r : slots) {
            n += r[1] - r[0] + 1;
        }
        return n;
    }

    /** Whether {@code slot} is in its slot ranges. */
    public boolean serves(int slot) {
        for (int[] r : slots) {
            if (slot >= r[0] && slot <= r[1]) {
                return true;
            }
        }
        return false;
    }

    public String role() {
        return primary ? "primary" : "replica";
    }
}
