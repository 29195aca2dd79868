package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.ClusterNode;
import dev.stampededoctor.cli.servers.PostgresServerHandle;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisClusterProcess;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} in a real terminal (tmux) on a real Redis with stampeding cache-aside clients:
 * the screen shows the hot key and the stampede, fits the terminal and follows a resize, and
 * whichever way it ends (q, SIGTERM) the terminal is as it was and the report is written.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServerHandle redis;
    private PostgresServerHandle postgres;

    @TempDir
    Path dir;

    @BeforeAll
    void servers(RedisServerHandle redis, PostgresServerHandle postgres) {
        this.redis = redis;
        this.postgres = postgres;
    }

    /** A script for the pane: the terminal's modes before and after, watch's exit code, the alternate screen after. */
    private Path script(String name, String... watchArgs) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder command = new StringBuilder(java).append(" -cp '").append(System.getProperty("java.class.path"))
                .append("' ").append(Main.class.getName()).append(" watch");
        for (String a : watchArgs) {
            command.append(" '").append(a).append("'");
        }
        String text = "cd '" + d + "'\n"
                + "export LC_ALL=C.UTF-8\n"
                + "stty -a > before.txt\n"
                + command + " 2> err.txt\n"
                + "echo $? > rc.txt\n"
                + "stty -a > after.txt\n"
                + "tmux display -p '#{alternate_on} #{cursor_flag}' > screen.txt\n"
                + "sleep 60\n";
        Path script = d.resolve("run.sh");
        Files.writeString(script, text);
        return script;
    }

    private static List<String> awaitScreen(Tmux tmux, Predicate<List<String>> shown, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        List<String> screen = tmux.screen();
        while (!shown.test(screen) && System.currentTimeMillis() < end) {
            Thread.sleep(250);
            screen = tmux.screen();
        }
        return screen;
    }

    private static boolean has(List<String> screen, String text) {
        return screen.stream().anyMatch(l -> l.contains(text));
    }

    private static void assertTerminalRestored(Path d) throws Exception {
        // screen.txt is written last, after the modes
        assertThat(Tmux.await(d.resolve("screen.txt"), 5_000)).as("alternate screen off, cursor shown").isEqualTo("0 1");
        // All the modes, not the size (the first line), which a resize changes.
        assertThat(modes(d.resolve("after.txt"))).isEqualTo(modes(d.resolve("before.txt")));
    }

    private static String modes(Path sttyOutput) throws Exception {
        String text = Files.readString(sttyOutput);
        return text.substring(text.indexOf('\n') + 1);
    }

    @Test
    void shows_the_hot_key_and_the_stampede_then_q_restores_the_terminal_and_writes_the_report() throws Exception {
        String key = "w:" + UUID.randomUUID().toString().substring(0, 8) + ":hot";
        Path script = script("q", "--redis", redis.url(), "--duration", "60s", "--report", "report.json");
        Path d = script.getParent();
        try (StampedeLoad load = new StampedeLoad(redis.host(), redis.port(), key, 8, 800);
             Tmux tmux = Tmux.start(script, 100, 30)) {
            List<String> screen = awaitScreen(tmux, s -> has(s, key) && has(s, "INCIDENTS SO FAR (")
                    && !has(s, "INCIDENTS SO FAR (0)"), 25_000);
            String shown = String.join("\n", screen);
            assertThat(shown).as(shown).contains("watch · ", "HOT KEYS", key, "DEL " + key);
            int hot = screen.indexOf(screen.stream().filter(l -> l.startsWith("HOT KEYS")).findFirst().orElseThrow());
            assertThat(screen.subList(hot, screen.size())).as(shown).anyMatch(l -> l.contains(key));
            assertThat(screen).as(shown).hasSizeLessThanOrEqualTo(30).allMatch(l -> l.length() <= 100);
            assertThat(screen.get(29)).as(shown).startsWith("q quit");

            tmux.keys("?");
            assertThat(awaitScreen(tmux, s -> has(s, "KEYS") && has(s, "pause or resume"), 5_000))
                    .anyMatch(l -> l.contains("pause or resume"));
            tmux.keys("Escape");
            tmux.keys("Enter");
            List<String> detail = awaitScreen(tmux, s -> has(s, "INCIDENT 1 of"), 5_000);
            assertThat(String.join("\n", detail)).as(String.join("\n", detail))
                    .contains("INCIDENT 1 of", "trigger line", "\"DEL\"", "FIXES");

            tmux.keys("q");
            String rc = Tmux.await(d.resolve("rc.txt"), 30_000);
            assertThat(rc).as("exit code; stderr: %s", Files.readString(d.resolve("err.txt"))).isEqualTo("1");
            // Before tmux closes: the script writes the modes and screen.txt after the tool exits.
            assertTerminalRestored(d);
        }
        JsonNode report = JSON.readTree(d.resolve("report.json").toFile());
        assertThat(report.path("live").path("stoppedBy").asText()).isEqualTo("quit");
        JsonNode incidents = report.path("incidents");
        assertThat(incidents).anySatisfy(i -> {
            assertThat(i.path("kind").asText()).isEqualTo("invalidation-stampede");
            assertThat(i.path("keys").get(0).asText()).isEqualTo(key);
        });
        assertThat(Files.readString(d.resolve("err.txt"))).contains("report written to report.json");
    }

    @Test
    void shows_the_stampedes_identical_rebuild_queries_in_the_postgres_pane() throws Exception {
        String key = "w:" + UUID.randomUUID().toString().substring(0, 8) + ":db";
        Path script = script("pg", "--redis", redis.url(), "--postgres", postgres.url(), "--duration", "60s",
                "--report", "report.json");
        Path d = script.getParent();
        try (StampedeLoad load = new StampedeLoad(redis.host(), redis.port(), key, 6, 1_000, postgres);
             Tmux tmux = Tmux.start(script, 110, 40)) {
            // Six clients miss at once and each runs the rebuild: one group of up to six identical queries.
            Predicate<String> group = l -> l.matches("\\s+[2-6]× SELECT pg_sleep\\(.*stampede-load rebuild.*");
            List<String> screen = awaitScreen(tmux, s -> s.stream().anyMatch(group) && has(s, "DEL " + key), 25_000);
            String shown = String.join("\n", screen);
            assertThat(screen).as(shown).anyMatch(l -> l.startsWith("POSTGRESQL ") && l.contains("active backends"))
                    .anyMatch(group);
            Files.writeString(Path.of("target", "watch-screen.txt"), shown); // for the README's picture
            tmux.keys("q");
            assertThat(Tmux.await(d.resolve("rc.txt"), 30_000)).isEqualTo("1");
            assertThat(load.queries.get()).isPositive();
            // Before tmux closes: the script writes the modes and screen.txt after the tool exits.
            assertTerminalRestored(d);
        }
        assertThat(JSON.readTree(d.resolve("report.json").toFile()).path("database").isMissingNode()).isFalse();
    }

    @Test
    void fits_80x24_and_follows_a_resize() throws Exception {
        String key = "w:" + UUID.randomUUID().toString().substring(0, 8) + ":hot";
        Path script = script("resize", "--redis", redis.url(), "--duration", "60s", "--report", "report.md");
        Path d = script.getParent();
        try (StampedeLoad load = new StampedeLoad(redis.host(), redis.port(), key, 4, 1_000);
             Tmux tmux = Tmux.start(script, 80, 24)) {
            List<String> small = awaitScreen(tmux, s -> s.size() >= 24 && s.get(23).startsWith("q quit")
                    && has(s, key), 20_000);
            String shown = String.join("\n", small);
            assertThat(small).as(shown).hasSize(24).allMatch(l -> l.length() <= 80);
            assertThat(small.get(0)).as(shown).startsWith("watch · ");
            assertThat(small.get(23)).as(shown).startsWith("q quit");

            tmux.resize(120, 40);
            List<String> big = awaitScreen(tmux, s -> s.size() >= 40 && s.get(39).startsWith("q quit"), 10_000);
            shown = String.join("\n", big);
            assertThat(big).as(shown).hasSize(40).allMatch(l -> l.length() <= 120);
            assertThat(big.get(0)).as(shown).contains(" left").doesNotContain("…");
            assertThat(big.get(23)).as(shown).doesNotStartWith("q quit");

            tmux.keys("q");
            assertThat(Tmux.await(d.resolve("rc.txt"), 30_000)).isIn("0", "1");
            // Before tmux closes: the script writes the modes and screen.txt after the tool exits.
            assertTerminalRestored(d);
        }
        assertThat(Files.readString(d.resolve("report.md"))).startsWith("#");
    }

    @Test
    void sigterm_restores_the_terminal_and_still_writes_the_report() throws Exception {
        String key = "w:" + UUID.randomUUID().toString().substring(0, 8) + ":hot";
        Path script = script("term", "--redis", redis.url(), "--duration", "60s", "--report", "report.json");
        Path d = script.getParent();
        try (StampedeLoad load = new StampedeLoad(redis.host(), redis.port(), key, 4, 1_000);
             Tmux tmux = Tmux.start(script, 100, 30)) {
            awaitScreen(tmux, s -> has(s, key), 20_000);
            ProcessHandle watch = ProcessHandle.of(tmux.panePid()).orElseThrow().children()
                    .filter(p -> p.info().command().orElse("").endsWith(File.separator + "java")).findFirst()
                    .orElseThrow();
            new ProcessBuilder("kill", "-TERM", String.valueOf(watch.pid())).start().waitFor();
            // The report's code (a stampede was found), not the JVM's 143 for a signal.
            assertThat(Tmux.await(d.resolve("rc.txt"), 30_000)).isEqualTo("1");
            // Before tmux closes: the script writes the modes and screen.txt after the tool exits.
            assertTerminalRestored(d);
        }
        JsonNode report = JSON.readTree(d.resolve("report.json").toFile());
        assertThat(report.path("live").path("stoppedBy").asText()).isEqualTo("interrupt");
        assertThat(report.path("input").path("parsed").asLong()).isPositive();
    }

    /**
     * On a 3-primary cluster the INFO line adds every node up: one shard serves only hits, another
     * only misses, the third nothing, so any single node's hit ratio is 100 %, 0 % or none, and
     * only the sum of the three lies between.
     */
    @Test
    void on_a_cluster_the_info_line_adds_every_node_up() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 0)) {
            List<ClusterNode> primaries = cluster.primaries();
            String prefix = "wc" + KeyspaceFixtures.letters();
            ClusterNode hitNode = primaries.get(0);
            String hitKey = cluster.keyOn(hitNode, prefix + ":hit:");
            ClusterNode missNode = primaries.get(1);
            String missKey = cluster.keyOn(missNode, prefix + ":miss:");
            try (RespClient c = RespClient.tcp(hitNode.host(), hitNode.port())) {
                c.call("SET", hitKey, "v", "EX", "600");
            }
            Path script = script("cluster", "--redis", cluster.seedUrl(), "--duration", "60s", "--report", "report.json");
            Path d = script.getParent();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong hits = new AtomicLong();
            AtomicLong misses = new AtomicLong();
            Thread hitter = pacedReader(hitNode, hitKey, stop, hits);
            Thread misser = pacedReader(missNode, missKey, stop, misses);
            try (Tmux tmux = Tmux.start(script, 120, 30)) {
                hitter.start();
                misser.start();
                Pattern hit = Pattern.compile("hit (\\d+\\.\\d) %.*\\(INFO of 3 nodes\\)");
                List<String> screen = awaitScreen(tmux, s -> s.stream().map(hit::matcher).anyMatch(m -> m.find()
                        && Double.parseDouble(m.group(1)) > 15 && Double.parseDouble(m.group(1)) < 85), 30_000);
                String shown = String.join("\n", screen);
                assertThat(screen).as(shown).anyMatch(l -> l.startsWith("watch · ") && l.contains(" and 2 more node(s)"));
                assertThat(screen).as(shown).anySatisfy(l -> {
                    Matcher m = hit.matcher(l);
                    assertThat(m.find()).isTrue();
                    assertThat(Double.parseDouble(m.group(1))).isBetween(15.0, 85.0);
                });
                tmux.keys("q");
                assertThat(Tmux.await(d.resolve("rc.txt"), 30_000)).as("stderr: %s", Files.readString(d.resolve("err.txt")))
                        .isIn("0", "1");
                assertTerminalRestored(d);
            } finally {
                stop.set(true);
                hitter.join(5_000);
                misser.join(5_000);
            }
            assertThat(hits.get()).as("the hitting client's GETs").isPositive();
            assertThat(misses.get()).as("the missing client's GETs").isPositive();
        }
    }

    /** A client reading one key every 2 ms until stopped, counting its replies that are values (hits) or nil (misses). */
    private static Thread pacedReader(ClusterNode node, String key, AtomicBoolean stop, AtomicLong counted) {
        return new Thread(() -> {
            try (RespClient c = RespClient.tcp(node.host(), node.port())) {
                long next = System.nanoTime();
                long end = System.currentTimeMillis() + 60_000;
                while (!stop.get() && System.currentTimeMillis() < end) {
                    c.call("GET", key);
                    counted.incrementAndGet();
                    next += 2_000_000;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "reader " + key);
    }

    @Test
    void without_a_terminal_says_to_use_scan() {
        CliRun run = CliRun.of("watch", "--redis", redis.url());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().strip()).doesNotContain("\n").contains("needs a terminal").contains("scan");
    }
}
