package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns started cluster-enabled nodes into one cluster with plain commands, the way redis-cli
 * {@code --cluster create} does, so that it works where only the jar's redis-server exists.
 */
final class ClusterFormation {
    private ClusterFormation() {
    }

    /**
     * Gives each of {@code primaries} an even share of the 16384 slots, joins every node, makes
     * replica {@code j} replicate primary {@code j % primaries}, and waits until the cluster is
     * settled: see {@link ClusterChecks#settled}.
     */
    static void form(List<RedisServerHandle> primaries, List<RedisServerHandle> replicas, boolean atLeast7,
            Duration timeout) throws IOException {
        List<RedisServerHandle> all = new ArrayList<>(primaries);
        all.addAll(replicas);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            try (RespClient c = all.get(i).connect()) {
                ids.add(c.callForText("CLUSTER", "MYID"));
                if (i < primaries.size()) {
                    addSlots(c, i * KeySlots.SLOTS / primaries.size(), (i + 1) * KeySlots.SLOTS / primaries.size() - 1,
                            atLeast7);
                }
                // Distinct epochs from the start, as redis-cli sets them: otherwise every master has
                // epoch 0 and the cluster spends time resolving the collision.
                c.callForOk("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
            }
        }
        // Every pair meets directly: when one node introduces all, the others learn of each other
        // by gossip, which took about 1 s here against 0.2 s this way. What is left of the start
        // (about 2 s) is Redis's fixed delay before a master reports ok (CLUSTER_WRITABLE_DELAY).
        for (int i = 0; i < all.size(); i++) {
            try (RespClient c = all.get(i).connect()) {
                for (RedisServerHandle node : all.subList(i + 1, all.size())) {
                    c.callForOk("CLUSTER", "MEET", node.host(), Integer.toString(node.port()));
                }
            }
        }
        // REPLICATE needs the replica to know its master: wait until every handshake is done.
        Waits.until("all " + all.size() + " nodes know each other", timeout, () -> ClusterChecks.allKnown(all, ids));
        for (int j = 0; j < replicas.size(); j++) {
            try (RespClient c = replicas.get(j).connect()) {
                c.callForOk("CLUSTER", "REPLICATE", ids.get(j % primaries.size()));
            }
        }
        Waits.until("a settled cluster of " + primaries.size() + " primaries and " + replicas.size() + " replicas",
                timeout, () -> ClusterChecks.settled(all, primaries.size(), replicas.size()));
    }

    private static void addSlots(RespClient c, int first, int last, boolean atLeast7) throws IOException {
        if (atLeast7) {
            c.callForOk("CLUSTER", "ADDSLOTSRANGE", Integer.toString(first), Integer.toString(last));
            return;
        }
        List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        for (int s = first; s <= last; s++) {
            args.add(Integer.toString(s));
        }
        c.callForOk(args.toArray(String[]::new));
    }
}
