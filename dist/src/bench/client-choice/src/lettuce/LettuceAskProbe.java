import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic look at one slot mid-migration: 10 keys in slot S (hash tag), S MIGRATING on its owner A
 * and IMPORTING on B, 5 keys already MIGRATEd. Then, with lettuce's cluster client (default options):
 * PEXPIREAT on all 10 (ASK for the moved ones), EVALSHA on them, MGET across them (TRYAGAIN), EVALSHA after
 * SCRIPT FLUSH on B (NOSCRIPT); then the slot is given to B and the same writes go through a stale topology (MOVED).
 */
public final class LettuceAskProbe {
    public static void main(String[] a) throws Exception {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(a[0]));
        StatefulRedisClusterConnection<String, String> conn = client.connect();
        RedisAdvancedClusterCommands<String, String> c = conn.sync();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add("{askprobe}:" + i);
        }
        int slot = SlotHash.getSlot(keys.get(0));
        RedisClusterNode owner = conn.getPartitions().getPartitionBySlot(slot);
        RedisClusterNode other = null;
        for (RedisClusterNode n : conn.getPartitions()) {
            if (n.is(RedisClusterNode.NodeFlag.UPSTREAM) && !n.getNodeId().equals(owner.getNodeId())) {
                other = n;
                break;
            }
        }
        RedisClient plain = RedisClient.create();
        RedisCommands<String, String> A = plain.connect(owner.getUri()).sync();
        RedisCommands<String, String> B = plain.connect(other.getUri()).sync();
        for (String k : keys) {
            c.set(k, "v");
        }
        String sha = c.scriptLoad("return redis.call('PEXPIREAT', KEYS[1], ARGV[1])");
        for (RedisCommands<String, String> n : List.of(A, B)) {
            n.configResetstat();
        }
        B.clusterSetSlotImporting(slot, owner.getNodeId());
        A.clusterSetSlotMigrating(slot, other.getNodeId());
        for (int i = 0; i < 5; i++) {
            A.dispatch(io.lettuce.core.protocol.CommandType.MIGRATE, new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                    new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8).add(other.getUri().getHost())
                            .add(other.getUri().getPort()).add(keys.get(i)).add(0).add(5000));
        }
        System.out.println("slot " + slot + " MIGRATING " + owner.getUri().getPort() + " -> " + other.getUri().getPort()
                + "; keys 0-4 moved, 5-9 still on the source");
        long at = System.currentTimeMillis() + 3_600_000L;
        report("PEXPIREAT x10 mid-migration", () -> {
            StringBuilder r = new StringBuilder();
            for (String k : keys) {
                r.append(c.pexpireat(k, at) ? 1 : 0);
            }
            return r.toString();
        });
        report("EVALSHA x10 mid-migration", () -> {
            StringBuilder r = new StringBuilder();
            for (String k : keys) {
                r.append((Long) c.evalsha(sha, ScriptOutputType.INTEGER, new String[] {k}, String.valueOf(at + 1)));
            }
            return r.toString();
        });
        report("MGET of the 10 (one slot, split between nodes)", () -> String.valueOf(c.mget(keys.toArray(new String[0]))));
        B.scriptFlush();
        report("EVALSHA on a moved key after SCRIPT FLUSH on the target", () -> String.valueOf(
                (Long) c.evalsha(sha, ScriptOutputType.INTEGER, new String[] {keys.get(0)}, String.valueOf(at + 2))));
        report("EVAL (same script, by text) on it", () -> String.valueOf(
                (Long) c.eval("return redis.call('PEXPIREAT', KEYS[1], ARGV[1])", ScriptOutputType.INTEGER,
                        new String[] {keys.get(0)}, String.valueOf(at + 2))));
        // finish the migration: remaining keys, then the slot belongs to B everywhere
        for (int i = 5; i < 10; i++) {
            A.dispatch(io.lettuce.core.protocol.CommandType.MIGRATE, new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                    new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8).add(other.getUri().getHost())
                            .add(other.getUri().getPort()).add(keys.get(i)).add(0).add(5000));
        }
        B.clusterSetSlotNode(slot, other.getNodeId());
        A.clusterSetSlotNode(slot, other.getNodeId());
        Thread.sleep(200);
        report("PEXPIREAT x10 after the move (client's topology stale)", () -> {
            StringBuilder r = new StringBuilder();
            for (String k : keys) {
                r.append(c.pexpireat(k, at + 3) ? 1 : 0);
            }
            return r.toString();
        });
        System.out.println("client still maps slot " + slot + " to port " + conn.getPartitions().getPartitionBySlot(slot).getUri().getPort());
        for (var e : List.of(List.of("source", A), List.of("target", B))) {
            String stats = ((RedisCommands<?, ?>) e.get(1)).info("errorstats").replaceAll("# Errorstats\r?\n", "").replace("\r\n", " ");
            System.out.println(e.get(0) + " errorstats: " + stats);
        }
        // put it back
        for (String k : keys) {
            c.del(k);
        }
        B.clusterSetSlotMigrating(slot, owner.getNodeId());
        A.clusterSetSlotImporting(slot, other.getNodeId());
        A.clusterSetSlotNode(slot, owner.getNodeId());
        B.clusterSetSlotNode(slot, owner.getNodeId());
        plain.shutdown();
        conn.close();
        client.shutdown();
        System.exit(0);
    }

    interface Step {
        String run() throws Exception;
    }

    static void report(String what, Step s) {
        try {
            System.out.println(what + ": ok " + s.run());
        } catch (RedisException e) {
            System.out.println(what + ": SURFACED " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (Exception e) {
            System.out.println(what + ": SURFACED " + e);
        }
    }
}
