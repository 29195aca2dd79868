package dev.stampededoctor.cli.redis.cluster;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.Refusals;
import dev.stampededoctor.cli.redis.ServerInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Turns the seed URL into a {@link Deployment}: asks the seed whether it is a cluster node and,
 * if so, for the topology; picks the nodes {@code --nodes} names, maps their addresses with
 * {@code --node-map}; and, through {@link #connect}, turns a node that cannot be reached into a
 * one-line error that names it and the fix, instead of a bare timeout.
 */
public final class DeploymentResolver {
    private final Function<RedisUrl, RedisConnection> connector;
    private final NodeChoice choice;
    private final NodeMap map;

    public DeploymentResolver(Function<RedisUrl, RedisConnection> connector, NodeChoice choice, NodeMap map) {
        this.connector = connector;
        this.choice = choice;
        this.map = map;
    }

    public Deployment resolve(RedisUrl seed) {
        // db 0 first: a cluster refuses SELECT, and the user should hear why in their terms.
        try (RedisConnection c = connector.apply(seed.withDb(0))) {
            ServerInfo info;
            try {
                info = ServerInfo.read(c, "default");
            } catch (RedisReplyException e) {
                return single(seed, "unknown");
            }
            if (!info.isCluster()) {
                if (seed.db() != 0) {
                    try {
                        c.call("SELECT", String.valueOf(seed.db())); // a db the server lacks: its own error, now
                    } catch (RedisReplyException e) {
                        throw Refusals.atConnect(seed, e);
                    }
                }
                return info.isReplica() || choice == NodeChoice.primaries ? single(seed, info.isReplica() ? "replica"
                        : "primary") : withReplicas(seed, info);
            }
            if (seed.db() != 0) {
                throw new UsageException("a Redis Cluster has only db 0, not db " + seed.db() + " (" + seed + ")");
            }
            List<ClusterNode> nodes;
            try {
                nodes = ClusterTopology.discover(c, seed.tls());
            } catch (RedisReplyException e) {
                return new Deployment(true, List.of(new Deployment.Member(seed, null, info.isReplica() ? "replica"
                        : "primary", null)), List.of("The cluster's topology could not be read (" + e.reply()
                        + "): only " + seed.withoutCredentials() + " is seen; the user needs CLUSTER SHARDS or NODES."),
                        true);
            }
            return cluster(seed, nodes);
        } catch (IOException e) {
            throw new ConnectionException("lost Redis at " + seed + ": " + e.getMessage(), e);
        }
    }

    /**
     * A primary outside a cluster (a Sentinel's master, or one named directly) with the replicas
     * INFO replication lists ({@code slaveN:ip=…,port=…,state=online,…}), for --nodes replicas|all.
     */
    private Deployment withReplicas(RedisUrl seed, ServerInfo info) {
        List<Deployment.Member> members = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String self = NodeMap.address(seed.host(), seed.port());
        if (choice == NodeChoice.all) {
            members.add(new Deployment.Member(seed, self, "primary", null));
        }
        for (int i = 0; info.get("slave" + i) != null; i++) {
            java.util.Map<String, String> f = new java.util.HashMap<>();
            for (String kv : info.get("slave" + i).split(",")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    f.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            String host = f.get("ip");
            int port = Integer.parseInt(f.getOrDefault("port", "0"));
            if (!"online".equals(f.get("state"))) {
                notes.add("Replica " + NodeMap.address(host, port) + " is " + f.get("state") + ": left out.");
                continue;
            }
            String[] to = map.apply(host, port);
            members.add(new Deployment.Member(seed.withAddress(to[0], Integer.parseInt(to[1])),
                    NodeMap.address(host, port), "replica", null));
        }
        if (members.isEmpty()) {
            throw new UsageException("--nodes " + choice + ": " + seed.withoutCredentials() + " has no online replica");
        }
        return new Deployment(members.size() > 1, List.copyOf(members), List.copyOf(notes));
    }

    private static Deployment single(RedisUrl seed, String role) {
        return new Deployment(false, List.of(new Deployment.Member(seed, null, role, null)), List.of());
    }

    private Deployment cluster(RedisUrl seed, List<ClusterNode> nodes) {
        List<String> notes = new ArrayList<>();
        List<ClusterNode> chosen = new ArrayList<>();
        for (ClusterNode n : nodes) {
            if (!choice.takes(n)) {
                continue;
            }
            if (!n.healthy()) {
                notes.add("Cluster node " + n.address() + " (" + n.role() + ", " + shortId(n.id()) + ") is failed or"
                        + " loading: left out" + (n.primary() ? "; its slots are not seen" : "") + ".");
                continue;
            }
            chosen.add(n);
        }
        // Primaries by their first slot, each followed by its replicas: reports list nodes in slot order.
        chosen.sort(Comparator.comparingInt((ClusterNode n) -> n.slots().isEmpty() ? Integer.MAX_VALUE
                : n.slots().get(0)[0]).thenComparing(n -> !n.primary()).thenComparing(ClusterNode::address));
        List<Deployment.Member> members = new ArrayList<>();
        for (ClusterNode n : chosen) {
            String[] to = map.apply(n.host(), n.port());
            members.add(new Deployment.Member(seed.withAddress(to[0], Integer.parseInt(to[1])), n.address(), n.role(),
                    n.id()));
        }
        if (members.isEmpty()) {
            throw new UsageException("--nodes " + choice + ": the cluster at " + seed.withoutCredentials()
                    + " has no such healthy node");
        }
        return new Deployment(true, List.copyOf(members), List.copyOf(notes), true);
    }

    /**
     * A {@link SlotRouter} for the cluster {@code seed} is a node of: the slot table from the
     * seed's topology now, and connections to the nodes (announced addresses mapped with
     * --node-map, the seed's credentials and TLS) opened as commands need them, each failure named
     * as {@link #connect} names it. Where the topology cannot be read, every slot starts at the
     * seed and the redirects fill the table in.
     */
    public SlotRouter router(RedisUrl seed) {
        List<ClusterNode> nodes = topology(seed);
        String self = NodeMap.address(seed.host(), seed.port());
        return SlotRouter.cluster(nodes, self, address -> {
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = Integer.parseInt(address.substring(colon + 1));
            String[] to = address.equals(self) ? new String[] {seed.host(), String.valueOf(seed.port())}
                    : map.apply(host, port);
            String id = nodes.stream().filter(n -> n.address().equals(address)).map(ClusterNode::id).findFirst()
                    .orElse(null);
            try {
                return connect(new Deployment.Member(seed.withDb(0).withAddress(to[0], Integer.parseInt(to[1])),
                        address, "primary", id));
            } catch (ConnectionException e) {
                throw new IOException(e.getMessage(), e);
            }
        });
    }

    private List<ClusterNode> topology(RedisUrl seed) {
        try (RedisConnection c = connector.apply(seed.withDb(0))) {
            return ClusterTopology.discover(c, seed.tls());
        } catch (RedisReplyException e) {
            return List.of();
        } catch (IOException e) {
            throw new ConnectionException("lost Redis at " + seed + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects to one member; a cluster node that cannot be reached gets an error naming the node,
     * the address it announces and the two ways out.
     */
    public RedisConnection connect(Deployment.Member member) {
        RedisConnection c;
        try {
            c = connector.apply(member.url());
        } catch (ConnectionException e) {
            if (member.node() == null) {
                throw e;
            }
            String via = member.url().withoutCredentials();
            throw new ConnectionException("cluster node " + member.node() + " (" + member.role() + ", "
                    + shortId(member.id()) + ") cannot be reached" + (via.contains(member.node()) ? "" : " at " + via)
                    + ": " + e.getMessage().replaceFirst("^cannot connect to Redis at [^:]+://[^ ]+: ", "")
                    + "; if it announces an address this host cannot reach, map it with --node-map "
                    + member.node() + "=HOST:PORT, or run from a host inside the cluster's network", e);
        }
        if (member.id() != null && member.role().equals("replica")) {
            // A cluster replica answers key commands (PTTL) only after READONLY; else MOVED to its primary.
            try {
                c.call("READONLY");
            } catch (IOException e) {
                c.close();
                throw new ConnectionException("lost Redis at cluster node " + member.node() + ": " + e.getMessage(), e);
            }
        }
        return c;
    }

    static String shortId(String id) {
        return id == null ? "?" : id.substring(0, Math.min(8, id.length()));
    }
}
