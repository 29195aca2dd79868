package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.cluster.Deployment;
import dev.stampededoctor.cli.redis.cluster.DeploymentResolver;
import dev.stampededoctor.cli.redis.cluster.NodeChoice;
import dev.stampededoctor.cli.redis.cluster.NodeMap;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which servers a --redis URL stands for: on a Redis Cluster, its nodes, chosen and mapped. */
public final class DeploymentOptions {
    @Option(names = "--nodes", paramLabel = "WHICH", defaultValue = "primaries",
            description = "On a Redis Cluster, act on its ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    NodeChoice nodes;

    static final String NODE_MAP = "Connect to REACHABLE where a cluster node announces ANNOUNCED (host:port or"
            + " host); repeatable. For NAT and containers.";

    @Option(names = "--node-map", paramLabel = "ANNOUNCED=REACHABLE", description = NODE_MAP)
    List<String> nodeMap = new ArrayList<>();

    /** The resolver for {@code redis}'s connections. */
    DeploymentResolver resolver(RedisOptions redis) {
        return new DeploymentResolver(redis::connect, nodes, NodeMap.parse(nodeMap));
    }

    Deployment resolve(RedisOptions redis, RedisUrl target) {
        return resolver(redis).resolve(target);
    }
}
