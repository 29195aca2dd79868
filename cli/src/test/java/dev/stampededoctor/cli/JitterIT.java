package dev.stampededoctor.cli;

import static dev.stampededoctor.cli.KeyspaceFixtures.keys;
import static dev.stampededoctor.cli.KeyspaceFixtures.letters;
import static dev.stampededoctor.cli.KeyspaceFixtures.pttls;
import static dev.stampededoctor.cli.KeyspaceFixtures.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jitter apply} and {@code undo} on a real Redis, racing writers that PERSIST, re-SET with
 * a new TTL and DEL the very keys being jittered.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JitterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TTL = 300_000;

    private RedisServerHandle redis;

    @TempDir
    Path dir;

    @BeforeAll
    void servers(RedisServerHandle redis) {
        this.redis = redis;
    }

    private RespClient client() throws Exception {
        RespClient c = redis.connect();
        if (redis.db() != 0) {
            c.call("SELECT", String.valueOf(redis.db()));
        }
        return c;
    }

    @Test
    void apply_spreads_the_ttls_as_asked_and_never_overrides_racing_writers() throws Exception {
        String prefix = "it" + letters() + ":s:";
        List<String> keys = keys(prefix + "%05d", 3_000);
        List<String> persistent = keys(prefix + "p%03d", 100);
        try (RespClient c = client()) {
            seed(c, keys, i -> TTL);
            seed(c, persistent, i -> 0L);
        }
        // Writers race the apply: PERSIST every key ending in 1, SET with a new TTL those ending in
        // 2, DEL those ending in 3, in random order over the apply's first second or so.
        List<Integer> raced = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (i % 10 >= 1 && i % 10 <= 3) {
                raced.add(i);
            }
        }
        Collections.shuffle(raced, new java.util.Random(9));
        // The writers start once the apply has read every TTL and begun writing (its journal
        // exists), so every change they make is one the apply must not override.
        Path journal = dir.resolve("apply.jsonl");
        AtomicReference<CliRun> applied = new AtomicReference<>();
        Thread apply = new Thread(() -> applied.set(CliRun.of("jitter", "apply", "--redis", redis.url(), "--match",
                prefix + "*", "--spread", "10%", "--journal", journal.toString(), "--rate", "3000", "--yes")), "apply");
        apply.start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!Files.exists(journal) && apply.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(1);
        }
        try (RespClient w = client()) {
            for (int i : raced) {
                String k = keys.get(i);
                switch (i % 10) {
                    case 1 -> w.call("PERSIST", k);
                    case 2 -> w.call("SET", k, "new", "EX", "3600");
                    default -> w.call("DEL", k);
                }
            }
        }
        boolean racedTheApply = apply.isAlive();
        apply.join(30_000);
        CliRun run = applied.get();
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.OK);
        assertThat(racedTheApply).as("the writers finished while the apply was still running").isTrue();
        assertThat(run.out()).containsPattern("left alone: \\d+ gone, \\d+ without a TTL now, [1-9]\\d* whose TTL a writer changed");

        long[] after;
        long[] persistentAfter;
        try (RespClient c = client()) {
            after = pttls(c, keys);
            persistentAfter = pttls(c, persistent);
        }
        assertThat(persistentAfter).as("keys without a TTL never get one").containsOnly(-1L);
        List<Long> jittered = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            switch (i % 10) {
                case 1 -> assertThat(after[i]).as("PERSISTed %s stays persistent", keys.get(i)).isEqualTo(-1);
                case 2 -> assertThat(after[i]).as("the writer's TTL of %s survives", keys.get(i)).isGreaterThan(3_500_000);
                case 3 -> assertThat(after[i]).as("%s was deleted by the writer", keys.get(i)).isEqualTo(-2);
                default -> {
                    assertThat(after[i]).as("%s still exists with a TTL", keys.get(i)).isPositive();
                    jittered.add(after[i]);
                }
            }
        }
        // ±10 % of 300 s (less the seconds the test has run): spread over about 60 s.
        long min = Collections.min(jittered);
        long max = Collections.max(jittered);
        assertThat(min).isBetween(250_000L, 275_000L);
        assertThat(max).isBetween(310_000L, 330_000L);
        assertThat(max - min).isBetween(50_000L, 60_000L);
        // The untouched keys, and those the apply reached before the writers did.
        java.util.regex.Matcher changed = java.util.regex.Pattern.compile("([\\d,]+) key\\(s\\) changed").matcher(run.out());
        assertThat(changed.find()).isTrue();
        assertThat(Long.parseLong(changed.group(1).replace(",", ""))).isBetween((long) jittered.size(),
                (long) jittered.size() + raced.size());

        // The audit agrees that the herd is gone (the writers' own keys, re-SET together, are one).
        CliRun audit = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + "*[04-9]", "-f", "json");
        assertThat(audit.exitCode()).as("%s", audit).isEqualTo(ExitCode.OK);
        assertThat(JSON.readTree(audit.out()).path("patterns").get(0).path("clustered").asBoolean()).isFalse();

        // The journal names its server: undo refuses it against another db (or server) unless --force.
        JsonNode header = JSON.readTree(Files.readAllLines(journal).get(0));
        assertThat(header.path("journal").asText()).isEqualTo("stampede-doctor jitter");
        assertThat(header.path("runId").asText()).hasSize(40);
        assertThat(header.path("match").asText()).isEqualTo(prefix + "*");
        String otherDb = redis.url().replaceAll("/\\d+$", "/" + (redis.db() + 1));
        CliRun wrong = CliRun.of("jitter", "undo", "--redis", otherDb, "--journal", journal.toString(), "--yes");
        assertThat(wrong.exitCode()).as("%s", wrong).isEqualTo(ExitCode.USAGE);
        assertThat(wrong.err().strip()).doesNotContain("\n").contains("was written on", "nothing restored", "--force");

        // Undo puts the untouched keys back on one expiry instant, and leaves the writers' keys alone.
        CliRun undo = CliRun.of("jitter", "undo", "--redis", redis.url(), "--journal", journal.toString(), "--yes",
                "--rate", "5000");
        assertThat(undo.exitCode()).as("%s", undo).isEqualTo(ExitCode.OK);
        long[] restored;
        try (RespClient c = client()) {
            restored = pttls(c, keys);
        }
        List<Long> back = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            switch (i % 10) {
                case 1 -> assertThat(restored[i]).isEqualTo(-1);
                case 2 -> assertThat(restored[i]).isGreaterThan(3_500_000);
                case 3 -> assertThat(restored[i]).isEqualTo(-2);
                default -> back.add(restored[i]);
            }
        }
        assertThat(Collections.max(back) - Collections.min(back)).as("restored to one expiry instant").isLessThan(2_000);

        CliRun again = CliRun.of("jitter", "undo", "--redis", redis.url(), "--journal", journal.toString(), "--yes");
        assertThat(again.exitCode()).as("%s", again).isEqualTo(ExitCode.OK);
        assertThat(again.out()).contains("Already restored by an earlier undo").doesNotContain("whose TTL a writer changed");
    }

    @Test
    void without_yes_and_without_a_terminal_it_refuses_and_changes_nothing() throws Exception {
        String prefix = "it" + letters() + ":r:";
        List<String> keys = keys(prefix + "%03d", 50);
        try (RespClient c = client()) {
            seed(c, keys, i -> TTL);
        }
        Path journal = dir.resolve("refused.jsonl");
        CliRun run = CliRun.of("jitter", "apply", "--redis", redis.url(), "--match", prefix + "*", "--spread", "10%",
                "--journal", journal.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("refusing", "--yes");
        assertThat(journal).doesNotExist();
        long[] ttls;
        try (RespClient c = client()) {
            ttls = pttls(c, keys);
        }
        assertThat(Arrays.stream(ttls).max().getAsLong() - Arrays.stream(ttls).min().getAsLong()).isLessThan(1_000);

        CliRun noDir = CliRun.of("jitter", "apply", "--redis", redis.url(), "--match", prefix + "*", "--spread", "10%",
                "--journal", dir.resolve("missing").resolve("j.jsonl").toString(), "--yes");
        assertThat(noDir.exitCode()).as("%s", noDir).isEqualTo(ExitCode.USAGE);
        assertThat(noDir.err().strip()).doesNotContain("\n").contains("cannot write the journal", "there is no directory",
                "nothing was changed").doesNotContain("lost Redis");
        Path garbage = dir.resolve("garbage.jsonl");
        Files.write(garbage, new byte[] {(byte) 0xff, 'x', '\n', '{', '\n'});
        CliRun notJournal = CliRun.of("jitter", "undo", "--redis", redis.url(), "--journal", garbage.toString(), "--yes");
        assertThat(notJournal.exitCode()).as("%s", notJournal).isEqualTo(ExitCode.USAGE);
        assertThat(notJournal.err().strip()).doesNotContain("\n").contains("is not a jitter journal")
                .doesNotContain("Input length");
        long[] still;
        try (RespClient c = client()) {
            still = pttls(c, keys);
        }
        assertThat(Arrays.stream(still).max().getAsLong() - Arrays.stream(still).min().getAsLong()).isLessThan(1_000);

        CliRun seeded = CliRun.of("jitter", "plan", "--redis", redis.url(), "--match", prefix + "*", "--spread", "20%",
                "--seed", "42");
        assertThat(seeded.out()).contains("Seed 42: --seed 42 draws the same", "--spread 20% --seed 42 --journal");
        CliRun plan = CliRun.of("jitter", "plan", "--redis", redis.url(), "--match", prefix + "*", "--spread", "20%",
                "-f", "json");
        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(ExitCode.OK);
        JsonNode p = JSON.readTree(plan.out());
        StampedDocuments.assertStamped(p, 1, "redis");
        assertThat(p.path("changed").asLong()).isEqualTo(50);
        assertThat(p.path("peakKeysBefore").asInt()).isEqualTo(50);
        assertThat(p.path("peakKeysAfter").asInt()).isLessThan(50);
    }

    @Test
    void an_interrupted_apply_leaves_a_journal_that_undo_uses() throws Exception {
        String prefix = "it" + letters() + ":k:";
        List<String> keys = keys(prefix + "%05d", 3_000);
        try (RespClient c = client()) {
            seed(c, keys, i -> TTL);
        }
        Path journal = dir.resolve("interrupted.jsonl");
        Path stderr = dir.resolve("apply.err");
        // A separate JVM, stopped with SIGTERM half-way: what Ctrl-C or a killed runbook step does.
        Process apply = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "jitter", "apply",
                "--redis", redis.url(), "--match", prefix + "*", "--spread", "30%", "--journal", journal.toString(),
                "--rate", "1000", "--yes")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && (!Files.exists(journal) || Files.size(journal) < 50_000)) {
            Thread.sleep(20);
        }
        apply.destroy();
        assertThat(apply.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(err).contains("interrupted after", "jitter undo");
        long journalled = Files.readAllLines(journal).size();
        assertThat(journalled).as("stopped part-way").isBetween(100L, 2_900L);

        long[] during;
        try (RespClient c = client()) {
            during = pttls(c, keys);
        }
        assertThat(Arrays.stream(during).max().getAsLong() - Arrays.stream(during).min().getAsLong())
                .as("some TTLs were spread").isGreaterThan(10_000);

        CliRun undo = CliRun.of("jitter", "undo", "--redis", redis.url(), "--journal", journal.toString(), "--yes",
                "--rate", "5000");
        assertThat(undo.exitCode()).as("%s", undo).isEqualTo(ExitCode.OK);
        long[] restored;
        try (RespClient c = client()) {
            restored = pttls(c, keys);
        }
        assertThat(Arrays.stream(restored).min().getAsLong()).isPositive();
        assertThat(Arrays.stream(restored).max().getAsLong() - Arrays.stream(restored).min().getAsLong())
                .as("every key back on one expiry instant").isLessThan(2_000);
    }

    @Test
    void undo_tells_keys_apply_never_sent_from_keys_a_writer_changed() throws Exception {
        String prefix = "it" + letters() + ":u:";
        List<String> keys = keys(prefix + "%02d", 30);
        StringBuilder journal = new StringBuilder();
        try (RespClient c = client()) {
            seed(c, keys, i -> TTL);
            long at = System.currentTimeMillis();
            long[] ttls = pttls(c, keys);
            for (int i = 0; i < keys.size(); i++) {
                long newTtl = ttls[i] * 7 / 10;
                journal.append(JSON.writeValueAsString(java.util.Map.of("db", redis.db(),
                        "key", java.util.Base64.getEncoder().encodeToString(keys.get(i).getBytes(StandardCharsets.UTF_8)),
                        "keyText", keys.get(i), "ttlMs", ttls[i], "newTtlMs", newTtl, "at", at))).append('\n');
                if (i < 10) { // sent: apply changed it
                    c.call("PEXPIRE", keys.get(i), String.valueOf(newTtl));
                } else if (i < 20) { // a writer re-set it since
                    c.call("PEXPIRE", keys.get(i), "50000");
                } // the rest: journalled, never sent
            }
        }
        Path file = Files.writeString(dir.resolve("unsent.jsonl"), journal);
        CliRun undo = CliRun.of("jitter", "undo", "--redis", redis.url(), "--journal", file.toString(), "--yes");
        assertThat(undo.exitCode()).as("%s", undo).isEqualTo(ExitCode.OK);
        assertThat(undo.out()).contains("10 key(s) restored; left alone: 0 gone, 0 without a TTL now, 10 whose TTL a"
                + " writer changed, 10 that apply journalled but never changed (its last batch was not sent).");
        long[] after;
        try (RespClient c = client()) {
            after = pttls(c, keys);
        }
        for (int i = 0; i < keys.size(); i++) {
            if (i < 10 || i >= 20) {
                assertThat(after[i]).as(keys.get(i)).isBetween(TTL - 5_000, TTL);
            } else {
                assertThat(after[i]).as(keys.get(i)).isBetween(40_000L, 50_000L);
            }
        }
    }

    @Test
    void a_journal_on_a_full_disk_stops_apply_with_every_changed_key_journalled_and_undo_restores_them() throws Exception {
        String prefix = "it" + letters() + ":f:";
        List<String> keys = keys(prefix + "%05d", 3_000);
        try (RespClient c = client()) {
            seed(c, keys, i -> TTL);
        }
        Path mount = Files.createDirectories(dir.resolve("small"));
        Process mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String why = new String(mounted.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mounted.waitFor()).as("mounting a small tmpfs needs root (CI runs as root): %s", why).isZero();
        try {
            Path journal = mount.resolve("j.jsonl");
            CliRun apply = CliRun.of("jitter", "apply", "--redis", redis.url(), "--match", prefix + "*", "--spread",
                    "30%", "--journal", journal.toString(), "--rate", "100000", "--yes");
            assertThat(apply.exitCode()).as("%s", apply).isEqualTo(ExitCode.USAGE);
            assertThat(apply.err()).contains("writing the journal", "No space left on device", "jitter undo",
                    "this batch was not sent").doesNotContain("lost Redis");
            java.util.Set<String> journalled = new java.util.HashSet<>();
            for (String line : Files.readAllLines(journal)) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n.has("key")) {
                        journalled.add(n.path("keyText").asText());
                    }
                } catch (java.io.IOException torn) {
                    // the last line may be cut where the disk filled
                }
            }
            assertThat(journalled.size()).as("part of the keys fit").isBetween(100, 2_900);
            long[] during;
            try (RespClient c = client()) {
                during = pttls(c, keys);
            }
            int changed = 0;
            for (int i = 0; i < keys.size(); i++) {
                if (during[i] < TTL - 20_000) {
                    changed++;
                    assertThat(journalled).as("a changed key is journalled").contains(keys.get(i));
                }
            }
            assertThat(changed).as("the batches before the full disk were applied").isPositive();

            CliRun undo = CliRun.of("jitter", "undo", "--redis", redis.url(), "--journal", journal.toString(), "--yes",
                    "--rate", "100000");
            assertThat(undo.exitCode()).as("%s", undo).isEqualTo(ExitCode.OK);
            assertThat(undo.err()).contains("the keys are restored, but", "could not be marked");
            long[] restored;
            try (RespClient c = client()) {
                restored = pttls(c, keys);
            }
            assertThat(Arrays.stream(restored).max().getAsLong() - Arrays.stream(restored).min().getAsLong())
                    .as("every key back on one expiry instant").isLessThan(5_000);
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }
}
