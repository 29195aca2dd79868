package dev.stampededoctor.cli.redis.cluster;

/** {@code --nodes}: which nodes of a cluster a command acts on. */
public enum NodeChoice {
    primaries, replicas, all;

    boolean takes(ClusterNode n) {
        return this == all || (this == primaries) == n.primary();
    }
}
