package dev.stampededoctor.cli;

import static dev.stampededoctor.cli.KeyspaceFixtures.bytes;
import static dev.stampededoctor.cli.KeyspaceFixtures.keys;
import static dev.stampededoctor.cli.KeyspaceFixtures.letters;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.ClusterClient;
import dev.stampededoctor.cli.servers.ClusterNode;
import dev.stampededoctor.cli.servers.KeySlots;
import dev.stampededoctor.cli.servers.RedisClusterProcess;
import dev.stampededoctor.cli.servers.RespClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jitter plan|apply|undo} on a real 3-primary + 3-replica Redis Cluster (issue 15): every
 * primary scanned, each change sent to the node serving its key's slot, while a background thread
 * moves thousands of slots, keys and all, between the primaries, the way {@code redis-cli
 * --cluster reshard} does. Then every key is read back from the cluster: none lost, none given a
 * TTL it did not have, every changed one journalled with exactly the TTL it got, and undo puts
 * them back on their one expiry instant, again under a reshard. A slot held half-migrated proves
 * ASK (and the scan of a node importing a slot) deterministically.
 */
class JitterClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEYS = 30_000;
    private static final int PERSISTENT = 3_000;
    private static final long TTL = 900_000;
    /** Slots per reshard step: the background thread moves these again and again while a write runs. */
    private static final int STEP_SLOTS = 250;
    private static final Pattern REDIRECTS = Pattern.compile("Cluster: ([\\d,]+) MOVED and ([\\d,]+) ASK");

    @TempDir
    Path dir;

    @Test
    void apply_and_undo_lose_no_key_and_journal_every_change_while_slots_migrate() throws Exception {
        long testStart = System.nanoTime();
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 1)) {
            String prefix = "jc" + letters();
            List<String> keys = keys(prefix + ":s:%05d", KEYS);
            List<String> persistent = keys(prefix + ":p:%04d", PERSISTENT);
            Map<String, Long> byOwner = new TreeMap<>();
            seed(cluster, keys, TTL, byOwner);
            seed(cluster, persistent, 0, byOwner);
            long expiresAt = System.currentTimeMillis() + TTL; // within the time seeding took
            assertThat(byOwner).as("keys on every primary").hasSize(3);
            String seedUrl = cluster.seedUrl();

            // The dry run reads every primary and gives each one's share.
            CliRun plan = CliRun.of("jitter", "plan", "--redis", seedUrl, "--match", prefix + ":*", "--spread", "10%",
                    "-f", "json");
            assertThat(plan.exitCode()).as("%s", plan).isEqualTo(ExitCode.OK);
            JsonNode p = JSON.readTree(plan.out());
            assertThat(p.path("matched").asLong()).isEqualTo(KEYS + PERSISTENT);
            assertThat(p.path("changed").asLong()).isEqualTo(KEYS);
            assertThat(p.path("withoutTtl").asLong()).isEqualTo(PERSISTENT);
            Map<String, Long> planned = new TreeMap<>();
            p.path("nodes").forEach(n -> planned.put(n.path("node").asText(), n.path("matched").asLong()));
            assertThat(planned).isEqualTo(byOwner);
            CliRun text = CliRun.of("jitter", "plan", "--redis", seedUrl, "--match", prefix + ":*", "--spread", "10%");
            assertThat(text.out()).contains("33,000 keys match", "30,000 with a TTL would get a new one")
                    .containsPattern("on 127\\.0\\.0\\.1:\\d+: [\\d,]+ match, [\\d,]+ would change,"
                            + " [\\d,]+ without a TTL");

            // apply at 2,500 keys/s (12 s), the reshard running from its first write to its last.
            Path journal = dir.resolve("apply.jsonl");
            long applyStart = System.nanoTime();
            Reshard during = new Reshard(cluster, 0, 1, 5_000, true);
            AtomicReference<CliRun> applied = new AtomicReference<>();
            Thread apply = new Thread(() -> applied.set(CliRun.of("jitter", "apply", "--redis", seedUrl, "--match",
                    prefix + ":*", "--spread", "10%", "--journal", journal.toString(), "--rate", "2500", "--yes")),
                    "apply");
            apply.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!Files.exists(journal) && apply.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(1);
            }
            during.runWhile(apply);
            apply.join(120_000);
            during.finish();
            long applyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - applyStart);
            CliRun run = applied.get();
            assertThat(run).as("apply finished").isNotNull();
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("30,000 key(s) changed; left alone: 0 gone, 0 without a TTL now, 0 whose TTL"
                    + " a writer changed.");
            long[] applyRedirects = redirects(run);
            assertThat(during.slotsWhileRunning()).as("slots moved while apply wrote").isGreaterThanOrEqualTo(1_000);
            assertThat(applyRedirects[0]).as("MOVED followed by apply: %s", run).isPositive();

            // Every key read back from the cluster: none lost, none given a TTL, each as journalled.
            Map<String, JsonNode> entries = journalEntries(journal);
            assertThat(entries).as("each key journalled once").hasSize(KEYS);
            assertThat(entries.keySet()).isEqualTo(new HashSet<>(keys));
            int[] owners = owners(cluster);
            long now = System.currentTimeMillis();
            long[] after = pttls(cluster, keys);
            long[] persistentAfter = pttls(cluster, persistent);
            assertThat(persistentAfter).as("keys without a TTL never get one").containsOnly(-1L);
            long movedSinceJournalled = 0;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < KEYS; i++) {
                String key = keys.get(i);
                JsonNode e = entries.get(key);
                assertThat(after[i]).as("%s still exists with a TTL", key).isPositive();
                long journalled = e.path("newTtlMs").asLong() - (now - e.path("at").asLong());
                assertThat(after[i]).as("%s has the TTL its journal line says", key)
                        .isBetween(journalled - 1_500, journalled + 1_500);
                String node = e.path("node").asText();
                assertThat(node).matches("127\\.0\\.0\\.1:\\d+");
                if (Integer.parseInt(node.substring(node.indexOf(':') + 1)) != owner(owners, key)) {
                    movedSinceJournalled++;
                }
                min = Math.min(min, after[i]);
                max = Math.max(max, after[i]);
            }
            assertThat(max - min).as("±10 %% of 900 s: spread over about 180 s").isBetween(150_000L, 185_000L);
            assertThat(movedSinceJournalled).as("keys now on another node than the one apply journalled")
                    .isPositive();
            List<String> lines = Files.readAllLines(journal);
            com.fasterxml.jackson.databind.node.ObjectNode header =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(lines.get(0));
            assertThat(header.path("clusterNodes")).hasSize(6);
            assertThat(header.path("runId").isNull()).isTrue();

            // A journal of another cluster, or of one server, is refused before anything is written.
            header.putArray("clusterNodes").add("0".repeat(40));
            Path otherCluster = dir.resolve("other-cluster.jsonl");
            Files.write(otherCluster, java.util.stream.Stream.concat(java.util.stream.Stream.of(header.toString()),
                    lines.subList(1, 100).stream()).toList());
            CliRun refused = CliRun.of("jitter", "undo", "--redis", seedUrl, "--journal", otherCluster.toString(),
                    "--yes");
            assertThat(refused.exitCode()).as("%s", refused).isEqualTo(ExitCode.USAGE);
            assertThat(refused.err().strip()).doesNotContain("\n").contains("none of its 1 node(s)", "nothing restored",
                    "--force");
            header.remove("clusterNodes");
            header.put("runId", "f".repeat(40));
            Path oneServer = dir.resolve("one-server.jsonl");
            Files.write(oneServer, java.util.stream.Stream.concat(java.util.stream.Stream.of(header.toString()),
                    lines.subList(1, 100).stream()).toList());
            CliRun single = CliRun.of("jitter", "undo", "--redis", seedUrl, "--journal", oneServer.toString(), "--yes");
            assertThat(single.exitCode()).as("%s", single).isEqualTo(ExitCode.USAGE);
            assertThat(single.err()).contains("is a node of a Redis Cluster", "nothing restored");

            // undo goes by key, to wherever each lives now, while slots move again.
            long undoStart = System.nanoTime();
            Reshard again = new Reshard(cluster, 1, 2, 5_000, false);
            AtomicReference<CliRun> undone = new AtomicReference<>();
            Thread undo = new Thread(() -> undone.set(CliRun.of("jitter", "undo", "--redis", seedUrl, "--journal",
                    journal.toString(), "--rate", "2500", "--yes")), "undo");
            undo.start();
            again.runWhile(undo);
            undo.join(120_000);
            again.finish();
            long undoMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - undoStart);
            CliRun back = undone.get();
            assertThat(back).as("undo finished").isNotNull();
            assertThat(back.exitCode()).as("%s", back).isEqualTo(ExitCode.OK);
            assertThat(back.out()).contains("30,000 key(s) restored; left alone: 0 gone, 0 without a TTL now, 0 whose"
                    + " TTL a writer changed.");
            long[] undoRedirects = redirects(back);
            assertThat(again.slotsWhileRunning()).as("slots moved while undo wrote").isGreaterThanOrEqualTo(1_000);
            assertThat(undoRedirects[0]).as("MOVED followed by undo: %s", back).isPositive();
            long readAt = System.currentTimeMillis();
            long[] restored = pttls(cluster, keys);
            for (int i = 0; i < KEYS; i++) {
                assertThat(readAt + restored[i]).as("%s back on the one expiry instant", keys.get(i))
                        .isBetween(expiresAt - 3_000, expiresAt + 1_500);
            }
            assertThat(pttls(cluster, persistent)).containsOnly(-1L);
            assertThat(dbsize(cluster)).as("no key lost").isEqualTo(KEYS + PERSISTENT);

            System.out.printf("jitter on a Redis %s cluster: %,d keys (+%,d without a TTL) on 3 primaries %s;"
                            + " apply %,d ms, %,d slots moved meanwhile, %,d MOVED, %,d ASK, %,d keys journalled on"
                            + " a node they left; undo %,d ms, %,d slots moved meanwhile, %,d MOVED, %,d ASK%n",
                    cluster.version(), KEYS, PERSISTENT, byOwner, applyMs, during.slotsWhileRunning(),
                    applyRedirects[0], applyRedirects[1], movedSinceJournalled, undoMs, again.slotsWhileRunning(),
                    undoRedirects[0], undoRedirects[1]);

            halfMigratedSlot(cluster);
            System.out.printf("JitterClusterIT took %,d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                    - testStart));
        }
    }

    /**
     * One slot held half-migrated (IMPORTING on the target, MIGRATING on the source): its keys
     * already moved answer ASK at the source. The scan reads them at the target (after ASKING),
     * apply and undo follow ASK to them, and the final scan of apply, at a node importing the
     * slot, does not stop there.
     */
    private void halfMigratedSlot(RedisClusterProcess cluster) throws Exception {
        String tag = "{jcask" + letters() + "}";
        List<String> keys = keys(tag + ":%02d", 40);
        int slot = KeySlots.slot(keys.get(0));
        seed(cluster, keys, TTL, new HashMap<>());
        long expiresAt = System.currentTimeMillis() + TTL;
        ClusterNode source = cluster.ownerOf(keys.get(0));
        ClusterNode target = cluster.primaries().stream().filter(n -> !n.id().equals(source.id())).findFirst()
                .orElseThrow();
        Path journal = dir.resolve("ask.jsonl");
        try (RespClient src = RespClient.tcp(source.host(), source.port());
             RespClient dst = RespClient.tcp(target.host(), target.port())) {
            dst.callForOk("CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", source.id());
            src.callForOk("CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", target.id());
            migrate(src, target, keys.subList(0, 10));
            // Paced at one key per batch, 20 a second: the other keys move once the first is journalled.
            AtomicReference<CliRun> applied = new AtomicReference<>();
            Thread apply = new Thread(() -> applied.set(CliRun.of("jitter", "apply", "--redis", cluster.seedUrl(),
                    "--match", tag + ":*", "--spread", "30%", "--journal", journal.toString(), "--rate", "20",
                    "--batch", "1", "--yes")), "apply");
            apply.start();
            long deadline = System.currentTimeMillis() + 20_000;
            while (!Files.exists(journal) && apply.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(1);
            }
            migrate(src, target, keys.subList(10, 30));
            apply.join(60_000);
            CliRun run = applied.get();
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("40 keys match", "40 key(s) changed; left alone: 0 gone");
            assertThat(redirects(run)[1]).as("ASK followed: %s", run).isGreaterThanOrEqualTo(15);
            CliRun undo = CliRun.of("jitter", "undo", "--redis", cluster.seedUrl(), "--journal", journal.toString(),
                    "--yes");
            assertThat(undo.exitCode()).as("%s", undo).isEqualTo(ExitCode.OK);
            assertThat(undo.out()).contains("40 key(s) restored; left alone: 0 gone, 0 without a TTL now, 0 whose TTL"
                    + " a writer changed.");
            assertThat(redirects(undo)[1]).as("ASK for the 30 keys moved: %s", undo).isEqualTo(30);
            System.out.printf("half-migrated slot %d: apply followed %d ASK, undo %d%n", slot, redirects(run)[1],
                    redirects(undo)[1]);
            // The rest of the slot (the big test's keys may share it too), then its new owner, everywhere.
            for (List<?> left; !(left = (List<?>) src.call("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "100"))
                    .isEmpty(); ) {
                migrate(src, target, left.stream().map(k -> new String((byte[]) k,
                        java.nio.charset.StandardCharsets.UTF_8)).toList());
            }
            dst.callForOk("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", target.id());
            src.callForOk("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", target.id());
            for (ClusterNode n : cluster.primaries()) {
                try (RespClient c = RespClient.tcp(n.host(), n.port())) {
                    c.callForOk("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", target.id());
                }
            }
        }
        try (ClusterClient c = cluster.client()) {
            long readAt = System.currentTimeMillis();
            for (String k : keys) {
                Object pttl = c.call("PTTL", k);
                assertThat(pttl).as(k).isInstanceOf(Long.class);
                assertThat(readAt + (Long) pttl).as("%s restored", k).isBetween(expiresAt - 3_000, expiresAt + 1_500);
            }
        }
    }

    private static void migrate(RespClient src, ClusterNode target, List<String> keys) throws IOException {
        List<byte[]> args = new ArrayList<>();
        for (String a : List.of("MIGRATE", target.host(), Integer.toString(target.port()), "", "0", "5000", "KEYS")) {
            args.add(bytes(a));
        }
        keys.forEach(k -> args.add(bytes(k)));
        assertThat(src.call(args.toArray(byte[][]::new))).isEqualTo("OK");
    }

    /**
     * Moves {@value #STEP_SLOTS} slots at a time, keys and all, from one primary to another (by
     * port order: the lowest slots of {@code from} each step, so every step moves other slots and
     * other keys) for as long as a writer runs, at most {@code maxSlots}; counts the slots of the
     * steps that finished while it still ran. With {@code flushScripts}, once, early on, it also
     * flushes the scripts of every primary, so that the writer meets NOSCRIPT too.
     */
    private static final class Reshard {
        private final RedisClusterProcess cluster;
        private final int from;
        private final int to;
        private final int maxSlots;
        private final boolean flushScripts;
        private final AtomicInteger whileRunning = new AtomicInteger();
        private final AtomicInteger steps = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private Thread thread;

        Reshard(RedisClusterProcess cluster, int from, int to, int maxSlots, boolean flushScripts) {
            this.cluster = cluster;
            this.from = from;
            this.to = to;
            this.maxSlots = maxSlots;
            this.flushScripts = flushScripts;
        }

        void runWhile(Thread writer) {
            thread = new Thread(() -> {
                try {
                    for (int moved = 0; writer.isAlive() && !stop.get() && moved + STEP_SLOTS <= maxSlots; ) {
                        List<ClusterNode> primaries = cluster.primaries().stream()
                                .sorted(java.util.Comparator.comparingInt(ClusterNode::port)).toList();
                        moved += cluster.reshard(primaries.get(from), primaries.get(to), STEP_SLOTS).size();
                        if (writer.isAlive()) {
                            whileRunning.addAndGet(STEP_SLOTS);
                        }
                        if (flushScripts && steps.incrementAndGet() == 2) {
                            for (ClusterNode n : primaries) {
                                try (RespClient c = RespClient.tcp(n.host(), n.port())) {
                                    c.callForOk("SCRIPT", "FLUSH");
                                }
                            }
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "reshard");
            thread.start();
        }

        void finish() throws InterruptedException {
            stop.set(true);
            thread.join(60_000);
            assertThat(failure.get()).as("the reshard").isNull();
        }

        int slotsWhileRunning() {
            return whileRunning.get();
        }
    }

    /** {@code SET key v [PX ttl]} for each key, pipelined to the primary owning its slot; counts per owner. */
    private static void seed(RedisClusterProcess cluster, List<String> keys, long ttl, Map<String, Long> byOwner)
            throws IOException {
        Map<Integer, List<String>> byPort = groupByOwner(cluster, keys);
        for (Map.Entry<Integer, List<String>> g : byPort.entrySet()) {
            try (RespClient c = RespClient.tcp("127.0.0.1", g.getKey())) {
                for (String k : g.getValue()) {
                    if (ttl > 0) {
                        c.send(bytes("SET"), bytes(k), bytes("v"), bytes("PX"), bytes(Long.toString(ttl)));
                    } else {
                        c.send(bytes("SET"), bytes(k), bytes("v"));
                    }
                }
                for (String k : g.getValue()) {
                    assertThat(c.readReply()).as("SET %s", k).isEqualTo("OK");
                }
            }
            byOwner.merge("127.0.0.1:" + g.getKey(), (long) g.getValue().size(), Long::sum);
        }
    }

    /** PTTL of each key at the primary owning its slot now (the cluster has settled), pipelined per node. */
    private static long[] pttls(RedisClusterProcess cluster, List<String> keys) throws IOException {
        int[] owners = owners(cluster);
        Map<Integer, List<Integer>> byPort = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byPort.computeIfAbsent(owner(owners, keys.get(i)), p -> new ArrayList<>()).add(i);
        }
        long[] out = new long[keys.size()];
        for (Map.Entry<Integer, List<Integer>> g : byPort.entrySet()) {
            try (RespClient c = RespClient.tcp("127.0.0.1", g.getKey())) {
                for (int i : g.getValue()) {
                    c.send(bytes("PTTL"), bytes(keys.get(i)));
                }
                for (int i : g.getValue()) {
                    Object reply = c.readReply();
                    assertThat(reply).as("PTTL %s at %d", keys.get(i), g.getKey()).isInstanceOf(Long.class);
                    out[i] = (Long) reply;
                }
            }
        }
        return out;
    }

    /** The port of the primary serving each slot now. */
    private static int[] owners(RedisClusterProcess cluster) throws IOException {
        int[] portOf = new int[KeySlots.SLOTS];
        for (ClusterNode p : cluster.primaries()) {
            for (ClusterNode.SlotRange r : p.slots()) {
                for (int s = r.first(); s <= r.last(); s++) {
                    portOf[s] = p.port();
                }
            }
        }
        return portOf;
    }

    private static int owner(int[] owners, String key) {
        int port = owners[KeySlots.slot(key)];
        assertThat(port).as("a primary serving %s", key).isPositive();
        return port;
    }

    private static Map<Integer, List<String>> groupByOwner(RedisClusterProcess cluster, List<String> keys)
            throws IOException {
        int[] owners = owners(cluster);
        Map<Integer, List<String>> byPort = new TreeMap<>();
        for (String k : keys) {
            byPort.computeIfAbsent(owner(owners, k), p -> new ArrayList<>()).add(k);
        }
        return byPort;
    }

    private static long dbsize(RedisClusterProcess cluster) throws IOException {
        long total = 0;
        for (ClusterNode p : cluster.primaries()) {
            try (RespClient c = RespClient.tcp(p.host(), p.port())) {
                total += (Long) c.call("DBSIZE");
            }
        }
        return total;
    }

    /** The journal's key lines by key text; a key journalled twice fails. */
    private static Map<String, JsonNode> journalEntries(Path journal) throws IOException {
        Map<String, JsonNode> entries = new HashMap<>();
        Set<String> twice = new HashSet<>();
        for (String line : Files.readAllLines(journal)) {
            JsonNode n = JSON.readTree(line);
            if (n.has("key") && entries.put(n.path("keyText").asText(), n) != null) {
                twice.add(n.path("keyText").asText());
            }
        }
        assertThat(twice).as("keys journalled twice").isEmpty();
        return entries;
    }

    /** MOVED and ASK as the run reports them. */
    private static long[] redirects(CliRun run) {
        Matcher m = REDIRECTS.matcher(run.out());
        assertThat(m.find()).as("the redirect line in %s", run).isTrue();
        return new long[] {Long.parseLong(m.group(1).replace(",", "")), Long.parseLong(m.group(2).replace(",", ""))};
    }
}
