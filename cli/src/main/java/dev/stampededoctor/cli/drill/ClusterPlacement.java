package dev.stampededoctor.cli.drill;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import dev.stampededoctor.cli.redis.ServerInfo;
import dev.stampededoctor.cli.redis.cluster.ClusterNode;
import dev.stampededoctor.cli.redis.cluster.ClusterTopology;
import dev.stampededoctor.cli.redis.cluster.SlotRouter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Where a drill's keys go when {@code --redis} names a Redis Cluster node: a node serves only its
 * own slots and answers MOVED for the rest, so every key of the drill carries one hash tag whose
 * slot this node serves. The drill then runs on the one node it names, as on a single server:
 * its clients, its writer, MONITOR and the cleanup all stay there.
 */
public final class ClusterPlacement {
    private static final int TAG_LETTERS = 6;
    private static final int MAX_TRIES = 100_000;

    private ClusterPlacement() {
    }

    /** The node's placement: its slot and tag, or null when {@code c} is not a cluster node. */
    public record Placement(String tag, int slot) {
    }

    /** Reads INFO, and on a cluster node its topology; changes nothing. */
    public static Placement of(RedisConnection c, String target, boolean tls, Random random) throws IOException {
        if (!ServerInfo.read(c, "cluster").isCluster()) {
            return null;
        }
        ClusterNode me = null;
        try {
            String myId = c.callForText("CLUSTER", "MYID").strip();
            for (ClusterNode n : ClusterTopology.discover(c, tls)) {
                if (n.id().equals(myId)) {
                    me = n;
                }
            }
        } catch (RedisReplyException e) {
            throw new UsageException(target + " is a Redis Cluster node whose slots cannot be read (" + e.reply()
                    + "): the drill needs CLUSTER MYID and CLUSTER SHARDS or NODES to keep its keys on it");
        }
        if (me == null || !me.primary()) {
            throw new UsageException("drill writes keys, and " + target + " is a Redis Cluster replica: give --redis a"
                    + " primary (the drill runs on the one node it names)");
        }
        if (me.slotCount() == 0) {
            throw new UsageException(target + " is a Redis Cluster primary that serves no slot: give --redis one that"
                    + " does (the drill runs on the one node it names)");
        }
        for (int i = 0; i < MAX_TRIES; i++) {
            StringBuilder tag = new StringBuilder();
            for (int k = 0; k < TAG_LETTERS; k++) {
                tag.append((char) ('a' + random.nextInt(26)));
            }
            int slot = SlotRouter.slot(tag.toString().getBytes(StandardCharsets.US_ASCII));
            if (me.serves(slot)) {
                return new Placement(tag.toString(), slot);
            }
        }
        throw new UsageException(target + " serves too few slots for the drill to find a hash tag of its own");
    }
}
