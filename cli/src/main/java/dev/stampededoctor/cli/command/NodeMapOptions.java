package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.redis.cluster.DeploymentResolver;
import dev.stampededoctor.cli.redis.cluster.NodeChoice;
import dev.stampededoctor.cli.redis.cluster.NodeMap;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --node-map} without {@code --nodes}: for {@code jitter}, which writes, so acts on a
 * cluster's primaries only (each key where its slot is served).
 */
public final class NodeMapOptions {
    @Option(names = "--node-map", paramLabel = "ANNOUNCED=REACHABLE", description = DeploymentOptions.NODE_MAP)
    List<String> nodeMap = new ArrayList<>();

    /** The resolver for {@code redis}'s connections, choosing a cluster's primaries. */
    DeploymentResolver resolver(RedisOptions redis) {
        return new DeploymentResolver(redis::connect, NodeChoice.primaries, NodeMap.parse(nodeMap));
    }

    /** The options again, for a command line to print: {@code  --node-map A=B} each, or nothing. */
    String forCommandLine() {
        StringBuilder b = new StringBuilder();
        for (String m : nodeMap) {
            b.append(" --node-map ").append(dev.stampededoctor.detectors.ttl.TtlAuditor.shellQuote(m));
        }
        return b.toString();
    }
}
