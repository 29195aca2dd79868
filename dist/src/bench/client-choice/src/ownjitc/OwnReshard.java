import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisError;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** LettuceReshard's workload with h-jitc's SlotRouter (commit cd1a42f) on the project's own client:
 *  one router per thread (it is not thread-safe), one command per run() call (like lettuce's sync calls).
 *  args: URL op(pexpire|evalsha) writes seconds threads readyFile doneFile [fromId movingSlots pad] */
public final class OwnReshard {
    static final String SCRIPT = "return redis.call('PEXPIREAT', KEYS[1], ARGV[1])";
    static final Duration TO = Duration.ofSeconds(5);

    record Cmd(byte[] key, byte[][] args) implements SlotRouter.Command {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] a) throws Exception {
        RedisUrl seed = RedisUrl.parse(a[0]);
        String op = a[1];
        int writes = Integer.parseInt(a[2]);
        double seconds = Double.parseDouble(a[3]);
        int threads = Integer.parseInt(a[4]);
        Path ready = Path.of(a[5]), done = Path.of(a[6]);
        String fromId = a.length > 7 ? a[7] : null;
        int moving = a.length > 8 ? Integer.parseInt(a[8]) : 0, pad = a.length > 9 ? Integer.parseInt(a[9]) : 0;
        DeploymentResolver resolver = new DeploymentResolver(u -> {
            try {
                return RedisConnection.open(u, TlsOptions.system(), TO, TO);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, NodeChoice.primaries, NodeMap.parse(List.of()));
        List<ClusterNode> topo;
        try (RedisConnection c = RedisConnection.open(seed, TlsOptions.system(), TO, TO)) {
            topo = ClusterTopology.discover(c, false);
        }
        long base = System.currentTimeMillis() + 3_600_000L;
        String[] keys = new String[writes];
        BitSet hot = null;
        if (fromId != null) {
            hot = new BitSet(16384);
            List<Integer> slots = new ArrayList<>();
            for (ClusterNode n : topo) {
                if (n.id().equals(fromId)) {
                    for (int[] r : n.slots()) {
                        for (int s = r[0]; s <= r[1]; s++) {
                            slots.add(s);
                        }
                    }
                }
            }
            slots.stream().sorted().limit(moving).forEach(hot::set);
        }
        for (int i = 0, j = 0; i < writes; j++) {
            String k = "rk:" + j;
            if (hot == null || hot.get(SlotRouter.slot(b(k)))) {
                keys[i++] = k;
            }
        }
        List<Cmd> preload = new ArrayList<>();
        for (String k : keys) {
            preload.add(new Cmd(b(k), new byte[][] {b("SET"), b(k), b("v")}));
        }
        if (hot != null && pad > 0) {
            int[] per = new int[16384];
            int padded = 0, want = hot.cardinality() * pad;
            for (int j = 0; padded < want; j++) {
                String k = "pad:" + j;
                int s = SlotRouter.slot(b(k));
                if (hot.get(s) && per[s] < pad) {
                    per[s]++;
                    padded++;
                    preload.add(new Cmd(b(k), new byte[][] {b("SET"), b(k), b("p")}));
                }
            }
        }
        String sha;
        try (SlotRouter r = resolver.router(seed)) {
            for (int i = 0; i < preload.size(); i += 1000) {
                r.run(preload.subList(i, Math.min(preload.size(), i + 1000)));
            }
        }
        List<ClusterNode> primaries = topo.stream().filter(ClusterNode::primary).toList();
        String[] shaBox = new String[1];
        for (ClusterNode n : primaries) {
            try (RedisConnection c = RedisConnection.open(seed.withAddress(n.host(), n.port()), TlsOptions.system(), TO, TO)) {
                shaBox[0] = new String((byte[]) c.call("SCRIPT", "LOAD", SCRIPT), StandardCharsets.UTF_8);
                c.call("CONFIG", "RESETSTAT");
            }
        }
        sha = shaBox[0];
        System.out.println("preloaded " + preload.size() + " keys (" + writes + " written later)");
        Files.writeString(ready, "go");

        AtomicInteger next = new AtomicInteger(), surfaced = new AtomicInteger(), failed = new AtomicInteger(),
                notApplied = new AtomicInteger();
        AtomicLong moved = new AtomicLong(), asked = new AtomicLong(), retried = new AtomicLong(), maxUs = new AtomicLong();
        Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        double perWriteNs = seconds * 1e9 / writes;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                try (SlotRouter r = resolver.router(seed)) {
                    if (op.equals("evalsha")) {
                        r.onEveryNode(c -> c.call("SCRIPT", "LOAD", SCRIPT));
                    }
                    for (int i; (i = next.getAndIncrement()) < writes;) {
                        long wait = start + (long) (i * perWriteNs) - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        String k = keys[i], at = String.valueOf(base + i);
                        Cmd cmd = op.equals("evalsha") ? new Cmd(b(k), new byte[][] {b("EVALSHA"), b(sha), b("1"), b(k), b(at)})
                                : new Cmd(b(k), new byte[][] {b("PEXPIREAT"), b(k), b(at)});
                        for (int attempt = 0;; attempt++) {
                            long t0 = System.nanoTime();
                            Object reply;
                            try {
                                reply = r.run(List.of(cmd))[0];
                            } catch (IOException e) {
                                reply = new RuntimeException(e.getMessage());
                            }
                            if (reply instanceof RedisError || reply instanceof RuntimeException) {
                                surfaced.incrementAndGet();
                                String m = reply instanceof RedisError e ? e.message() : ((RuntimeException) reply).getMessage();
                                kinds.computeIfAbsent(m.length() > 90 ? m.substring(0, 90) : m, x -> new AtomicInteger()).incrementAndGet();
                                if (attempt == 4) {
                                    failed.incrementAndGet();
                                    break;
                                }
                                continue;
                            }
                            if (!Long.valueOf(1).equals(reply)) {
                                notApplied.incrementAndGet();
                            }
                            maxUs.accumulateAndGet((System.nanoTime() - t0) / 1000, Math::max);
                            break;
                        }
                    }
                    moved.addAndGet(r.moved());
                    asked.addAndGet(r.asked());
                    retried.addAndGet(r.retried());
                } catch (IOException e) {
                    kinds.computeIfAbsent("thread died: " + e.getMessage(), x -> new AtomicInteger()).incrementAndGet();
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        double writeSecs = (System.nanoTime() - start) / 1e9;
        while (!Files.exists(done)) {
            Thread.sleep(100);
        }
        Map<String, Long> errorstats = new TreeMap<>();
        List<ClusterNode> now;
        try (RedisConnection c = RedisConnection.open(seed, TlsOptions.system(), TO, TO)) {
            now = ClusterTopology.discover(c, false);
        }
        for (ClusterNode n : now) {
            if (!n.primary()) {
                continue;
            }
            try (RedisConnection c = RedisConnection.open(seed.withAddress(n.host(), n.port()), TlsOptions.system(), TO, TO)) {
                for (String line : new String((byte[]) c.call("INFO", "errorstats"), StandardCharsets.UTF_8).split("\r?\n")) {
                    if (line.startsWith("errorstat_")) {
                        errorstats.merge(line.substring(10, line.indexOf(':')),
                                Long.parseLong(line.replaceAll(".*count=(\\d+).*", "$1")), Long::sum);
                    }
                }
            }
        }
        int landed = 0, shifted = 0, wrong = 0, missing = 0;
        try (SlotRouter r = resolver.router(seed)) {
            for (int i = 0; i < writes; i += 1000) {
                List<Cmd> batch = new ArrayList<>();
                for (int j = i; j < Math.min(writes, i + 1000); j++) {
                    batch.add(new Cmd(b(keys[j]), new byte[][] {b("PEXPIRETIME"), b(keys[j])}));
                }
                Object[] got = r.run(batch);
                for (int j = 0; j < got.length; j++) {
                    long g = got[j] instanceof Long l ? l : -9;
                    long want = base + i + j;
                    if (g < 0) {
                        missing++;
                    } else if (g == want) {
                        landed++;
                    } else if (Math.abs(g - want) <= 5) {
                        shifted++;
                    } else {
                        wrong++;
                    }
                }
            }
        }
        System.out.printf("own-router op=%s writes=%d threads=%d write_secs=%.1f surfaced_errors=%d failed_after_5=%d "
                + "reply_not_1=%d max_write_ms=%.1f landed=%d ttl_shifted_le5ms_by_migrate=%d ttl_shifted_gt5ms=%d no_ttl=%d "
                + "router moved=%d asked=%d retried=%d server_redirects=%s errors=%s%n", op, writes, threads, writeSecs,
                surfaced.get(), failed.get(), notApplied.get(), maxUs.get() / 1000.0, landed, shifted, wrong, missing,
                moved.get(), asked.get(), retried.get(), errorstats, kinds);
        System.exit(0);
    }
}
