import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes during a reshard with lettuce's cluster client.
 * args: URL refresh(none|adaptive|periodic) op(pexpire|evalsha) writes seconds threads readyFile doneFile
 * 1. preloads `writes` keys (SET, no TTL) and SCRIPT LOADs the script on every primary;
 * 2. resets INFO errorstats on the primaries, touches readyFile (the script then starts the reshard);
 * 3. `threads` threads do `writes` PEXPIREAT key_i at_i (or EVALSHA of a PEXPIREAT script), paced over
 *    `seconds`; an exception reaching the caller is counted and the write retried (up to 5 times);
 * 4. waits for doneFile (reshard finished), sums errorstat_MOVED/ASK/... over the primaries (what lettuce
 *    redirected internally), and with a fresh client reads PEXPIRETIME of every key: landed iff == at_i.
 */
public final class LettuceReshard {
    static final String SCRIPT = "return redis.call('PEXPIREAT', KEYS[1], ARGV[1])";

    public static void main(String[] a) throws Exception {
        String url = a[0], refresh = a[1], op = a[2];
        int writes = Integer.parseInt(a[3]);
        double seconds = Double.parseDouble(a[4]);
        int threads = Integer.parseInt(a[5]);
        Path ready = Path.of(a[6]), done = Path.of(a[7]);
        // optional: a[8] = node id the reshard moves slots from, a[9] = how many (its lowest ones, as
        // redis-cli picks them), a[10] = padding keys per moving slot: all writes then go to keys in the
        // moving slots, so that they meet slots mid-migration (ASK)
        String fromId = a.length > 8 ? a[8] : null;
        int moving = a.length > 9 ? Integer.parseInt(a[9]) : 0, pad = a.length > 10 ? Integer.parseInt(a[10]) : 0;

        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(url));
        // refresh: default = lettuce 7.7's own defaults (all adaptive triggers on, at most one refresh per 5 s,
        // no periodic); off = no adaptive trigger, no periodic (lettuce 6.x's default); periodic = the default
        // plus a refresh every second; adaptive1s = all triggers, at most one refresh a second.
        ClusterTopologyRefreshOptions.Builder tr = ClusterTopologyRefreshOptions.builder();
        switch (refresh) {
            case "off" -> tr.disableAllAdaptiveRefreshTriggers();
            case "periodic" -> tr.enablePeriodicRefresh(Duration.ofSeconds(1));
            case "adaptive1s" -> tr.enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1));
            case "default", "adaptive" -> { }
            default -> throw new IllegalArgumentException(refresh);
        }
        if (!refresh.equals("default")) {
            client.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(tr.build()).build());
        }
        StatefulRedisClusterConnection<String, String> conn = client.connect();
        RedisAdvancedClusterCommands<String, String> cmd = conn.sync();

        // 1. preload
        long base = System.currentTimeMillis() + 3_600_000L;
        keys = new String[writes];
        java.util.BitSet hot = null;
        if (fromId != null) {
            hot = new java.util.BitSet(16384);
            int[] slots = conn.getPartitions().getPartitionByNodeId(fromId).getSlots().stream().mapToInt(Integer::intValue)
                    .sorted().limit(moving).toArray();
            for (int sl : slots) {
                hot.set(sl);
            }
        }
        for (int i = 0, j = 0; i < writes; j++) {
            String k = "rk:" + j;
            if (hot == null || hot.get(io.lettuce.core.cluster.SlotHash.getSlot(k))) {
                keys[i++] = k;
            }
        }
        var async = conn.async();
        java.util.List<io.lettuce.core.RedisFuture<String>> fs = new java.util.ArrayList<>();
        for (String k : keys) {
            fs.add(async.set(k, "v"));
        }
        int padded = 0;
        if (hot != null && pad > 0) {
            int[] perSlot = new int[16384];
            int want = hot.cardinality() * pad;
            for (int j = 0; padded < want; j++) {
                String k = "pad:" + j;
                int sl = io.lettuce.core.cluster.SlotHash.getSlot(k);
                if (hot.get(sl) && perSlot[sl] < pad) {
                    perSlot[sl]++;
                    padded++;
                    fs.add(async.set(k, "p"));
                }
            }
        }
        io.lettuce.core.LettuceFutures.awaitAll(Duration.ofMinutes(2), fs.toArray(new io.lettuce.core.RedisFuture[0]));
        System.out.println("preloaded " + writes + " keys" + (hot == null ? " spread over all slots" : " in the "
                + hot.cardinality() + " moving slots") + ", padding " + padded);
        String sha = cmd.scriptLoad(SCRIPT); // lettuce sends SCRIPT LOAD to every upstream node
        // 2.
        for (RedisClusterNode n : conn.getPartitions()) {
            if (n.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                conn.getConnection(n.getNodeId()).sync().configResetstat();
            }
        }
        Files.writeString(ready, "go");
        // 3.
        AtomicInteger next = new AtomicInteger();
        AtomicInteger surfaced = new AtomicInteger(), failedForGood = new AtomicInteger(), notApplied = new AtomicInteger();
        Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
        AtomicLong maxLatencyUs = new AtomicLong();
        long start = System.nanoTime();
        double perWriteNs = seconds * 1e9 / writes;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < writes;) {
                    long due = start + (long) (i * perWriteNs);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    long at = base + i;
                    for (int attempt = 0;; attempt++) {
                        long t0 = System.nanoTime();
                        try {
                            Object r = op.equals("evalsha")
                                    ? cmd.evalsha(sha, ScriptOutputType.INTEGER, new String[] {key(i)}, String.valueOf(at))
                                    : cmd.pexpireat(key(i), at);
                            if (!(Long.valueOf(1).equals(r) || Boolean.TRUE.equals(r))) {
                                notApplied.incrementAndGet();
                            }
                            maxLatencyUs.accumulateAndGet((System.nanoTime() - t0) / 1000, Math::max);
                            break;
                        } catch (RedisException e) {
                            surfaced.incrementAndGet();
                            String m = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage());
                            kinds.computeIfAbsent(m.length() > 90 ? m.substring(0, 90) : m, k -> new AtomicInteger())
                                    .incrementAndGet();
                            if (attempt == 4) {
                                failedForGood.incrementAndGet();
                                break;
                            }
                        }
                    }
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
        // 4. redirections the servers sent (the client's internal retries)
        Map<String, Long> errorstats = new TreeMap<>();
        java.util.List<String> cmdstats = new java.util.ArrayList<>();
        conn.getPartitions(); // may be stale without refresh; errorstats are per node, so ask a fresh client
        RedisClusterClient fresh = RedisClusterClient.create(RedisURI.create(url));
        StatefulRedisClusterConnection<String, String> fc = fresh.connect();
        for (RedisClusterNode n : fc.getPartitions()) {
            if (!n.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                continue;
            }
            for (String line : fc.getConnection(n.getNodeId()).sync().info("commandstats").split("\r?\n")) {
                if (line.matches(".*(rejected|failed)_calls=[1-9].*")) {
                    cmdstats.add(n.getUri().getPort() + " " + line.replaceAll("usec.*?,rejected", "rejected").trim());
                }
            }
            for (String line : fc.getConnection(n.getNodeId()).sync().info("errorstats").split("\r?\n")) {
                if (line.startsWith("errorstat_")) {
                    String k = line.substring(10, line.indexOf(':'));
                    long c = Long.parseLong(line.replaceAll(".*count=(\\d+).*", "$1"));
                    errorstats.merge(k, c, Long::sum);
                }
            }
        }
        int landed = 0, wrong = 0, missing = 0, shifted = 0;
        long minDiff = Long.MAX_VALUE, maxDiff = Long.MIN_VALUE;
        RedisAdvancedClusterCommands<String, String> f = fc.sync();
        for (int i = 0; i < writes; i++) {
            Long got = f.pexpiretime(key(i));
            if (got == null || got < 0) {
                missing++;
            } else if (got == base + i) {
                landed++;
            } else if (Math.abs(got - (base + i)) <= 5) {
                shifted++; // TTL set before the key's migration: MIGRATE carries it as a relative TTL
            } else {
                wrong++;
                minDiff = Math.min(minDiff, got - (base + i));
                maxDiff = Math.max(maxDiff, got - (base + i));
            }
        }
        System.out.printf("refresh=%s op=%s writes=%d threads=%d write_secs=%.1f surfaced_errors=%d failed_after_5=%d "
                + "reply_not_1=%d max_write_ms=%.1f landed=%d ttl_shifted_le5ms_by_migrate=%d ttl_shifted_gt5ms=%d no_ttl=%d server_redirects=%s errors=%s%n",
                refresh, op, writes, threads, writeSecs, surfaced.get(), failedForGood.get(), notApplied.get(),
                maxLatencyUs.get() / 1000.0, landed, shifted, wrong, missing, errorstats, kinds);
        if (wrong > 0) {
            System.out.println("wrong_ttl offsets (got - wanted, ms): min=" + minDiff + " max=" + maxDiff);
        }
        cmdstats.forEach(l -> System.out.println("commandstats " + l));
        fc.close();
        fresh.shutdown();
        conn.close();
        client.shutdown();
        System.exit(0);
    }

    static String[] keys;

    static String key(int i) {
        return keys[i];
    }
}
