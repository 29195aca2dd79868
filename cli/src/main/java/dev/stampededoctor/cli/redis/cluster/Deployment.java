package dev.stampededoctor.cli.redis.cluster;

import dev.stampededoctor.cli.redis.RedisUrl;
import java.util.List;

/**
 * What one {@code --redis} URL stands for: one server, or the chosen nodes of a Redis Cluster
 * found from it. Commands act on every member; a report names each member's {@code node} when
 * there are several (null for one server).
 *
 * @param several whether the members are several nodes of one deployment (a cluster's, or a primary
 *                and its replicas): reports then break their figures down by node
 * @param members the servers to act on, primaries first (each followed by its replicas)
 * @param notes   what the user should know about the choice (nodes skipped as failed, …)
 * @param cluster whether the URL leads to a Redis Cluster (writes then go by slot: {@link SlotRouter})
 */
public record Deployment(boolean several, List<Member> members, List<String> notes, boolean cluster) {

    /** A deployment outside a cluster. */
    public Deployment(boolean several, List<Member> members, List<String> notes) {
        this(several, members, notes, false);
    }

    /**
     * One server to act on.
     *
     * @param url  how to reach it (the seed's credentials and TLS; the address mapped by --node-map)
     * @param node {@code host:port} as the cluster announces it; null for a single server
     * @param role {@code primary} or {@code replica}
     * @param id   the cluster node id; null for a single server
     */
    public record Member(RedisUrl url, String node, String role, String id) {
        /** How reports and errors name it: the node, or the URL of a single server. */
        public String name() {
            return node != null ? node : url.withoutCredentials();
        }
    }

    /** The node names, in member order: for per-node breakdowns. */
    public List<String> names() {
        return members.stream().map(Member::name).toList();
    }
}
