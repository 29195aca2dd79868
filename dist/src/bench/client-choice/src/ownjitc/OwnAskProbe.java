import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.TlsOptions;
import dev.stampededoctor.cli.redis.cluster.ClusterNode;
import dev.stampededoctor.cli.redis.cluster.ClusterTopology;
import dev.stampededoctor.cli.redis.cluster.DeploymentResolver;
import dev.stampededoctor.cli.redis.cluster.NodeChoice;
import dev.stampededoctor.cli.redis.cluster.NodeMap;
import dev.stampededoctor.cli.redis.cluster.SlotRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** LettuceAskProbe's steps with h-jitc's SlotRouter (one slot held mid-migration by hand). */
public final class OwnAskProbe {
    static final Duration TO = Duration.ofSeconds(5);
    static final String SCRIPT = "return redis.call('PEXPIREAT', KEYS[1], ARGV[1])";

    record Cmd(byte[] key, byte[][] args) implements SlotRouter.Command {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String show(Object o) {
        if (o instanceof byte[] x) {
            return new String(x, StandardCharsets.UTF_8);
        }
        if (o instanceof Object[] arr) {
            return Arrays.stream(arr).map(OwnAskProbe::show).toList().toString();
        }
        if (o instanceof List<?> l) {
            return l.stream().map(OwnAskProbe::show).toList().toString();
        }
        return String.valueOf(o);
    }

    public static void main(String[] a) throws Exception {
        RedisUrl seed = RedisUrl.parse(a[0]);
        DeploymentResolver resolver = new DeploymentResolver(u -> {
            try {
                return RedisConnection.open(u, TlsOptions.system(), TO, TO);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, NodeChoice.primaries, NodeMap.parse(List.of()));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add("{askprobe}:" + i);
        }
        int slot = SlotRouter.slot(b(keys.get(0)));
        List<ClusterNode> topo;
        try (RedisConnection c = RedisConnection.open(seed, TlsOptions.system(), TO, TO)) {
            topo = ClusterTopology.discover(c, false);
        }
        ClusterNode owner = null, other = null;
        for (ClusterNode n : topo) {
            if (n.primary() && n.slots().stream().anyMatch(r -> r[0] <= slot && slot <= r[1])) {
                owner = n;
            }
        }
        for (ClusterNode n : topo) {
            if (n.primary() && n != owner) {
                other = n;
                break;
            }
        }
        RedisConnection A = RedisConnection.open(seed.withAddress(owner.host(), owner.port()), TlsOptions.system(), TO, TO);
        RedisConnection B = RedisConnection.open(seed.withAddress(other.host(), other.port()), TlsOptions.system(), TO, TO);
        SlotRouter r = resolver.router(seed);
        List<Cmd> set = keys.stream().map(k -> new Cmd(b(k), new byte[][] {b("SET"), b(k), b("v")})).toList();
        r.run(set);
        r.onEveryNode(c -> c.call("SCRIPT", "LOAD", SCRIPT));
        String sha = new String((byte[]) A.call("SCRIPT", "LOAD", SCRIPT), StandardCharsets.UTF_8);
        A.call("CONFIG", "RESETSTAT");
        B.call("CONFIG", "RESETSTAT");
        B.call("CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", owner.id());
        A.call("CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", other.id());
        for (int i = 0; i < 5; i++) {
            A.call("MIGRATE", other.host(), String.valueOf(other.port()), keys.get(i), "0", "5000");
        }
        System.out.println("slot " + slot + " MIGRATING " + owner.port() + " -> " + other.port() + "; keys 0-4 moved, 5-9 still on the source");
        long at = System.currentTimeMillis() + 3_600_000L;
        step("PEXPIREAT x10 mid-migration (one run() call, pipelined)", r, keys.stream()
                .map(k -> new Cmd(b(k), new byte[][] {b("PEXPIREAT"), b(k), b(String.valueOf(at))})).toList());
        step("EVALSHA x10 mid-migration", r, keys.stream()
                .map(k -> new Cmd(b(k), new byte[][] {b("EVALSHA"), b(sha), b("1"), b(k), b(String.valueOf(at + 1))})).toList());
        List<byte[]> mget = new ArrayList<>(List.of(b("MGET")));
        keys.forEach(k -> mget.add(b(k)));
        long t0 = System.nanoTime();
        step("MGET of the 10 (one slot, split between nodes)", r, List.of(new Cmd(b(keys.get(0)), mget.toArray(new byte[0][]))));
        System.out.printf("  (MGET took %.1f s)%n", (System.nanoTime() - t0) / 1e9);
        B.call("SCRIPT", "FLUSH");
        step("EVALSHA on a moved key after SCRIPT FLUSH on the target", r, List.of(new Cmd(b(keys.get(0)),
                new byte[][] {b("EVALSHA"), b(sha), b("1"), b(keys.get(0)), b(String.valueOf(at + 2))})));
        for (int i = 5; i < 10; i++) {
            A.call("MIGRATE", other.host(), String.valueOf(other.port()), keys.get(i), "0", "5000");
        }
        B.call("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", other.id());
        A.call("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", other.id());
        Thread.sleep(200);
        step("PEXPIREAT x10 after the move (router's table stale)", r, keys.stream()
                .map(k -> new Cmd(b(k), new byte[][] {b("PEXPIREAT"), b(k), b(String.valueOf(at + 3))})).toList());
        System.out.println("router: moved=" + r.moved() + " asked=" + r.asked() + " retried=" + r.retried()
                + "; now routes slot " + slot + " to " + r.nodeOf(b(keys.get(0))));
        System.out.println("source errorstats: " + show(A.call("INFO", "errorstats")).replaceAll("# Errorstats\r?\n", "").replace("\r\n", " "));
        System.out.println("target errorstats: " + show(B.call("INFO", "errorstats")).replaceAll("# Errorstats\r?\n", "").replace("\r\n", " "));
        r.run(keys.stream().map(k -> new Cmd(b(k), new byte[][] {b("DEL"), b(k)})).toList());
        B.call("CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", owner.id());
        A.call("CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", other.id());
        A.call("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", owner.id());
        B.call("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", owner.id());
        r.close();
        A.close();
        B.close();
    }

    static void step(String what, SlotRouter r, List<Cmd> cmds) {
        try {
            System.out.println(what + ": " + show(r.run(cmds)));
        } catch (IOException e) {
            System.out.println(what + ": THREW " + e.getMessage());
        }
    }
}
