package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.PostgresServerHandle;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import dev.stampededoctor.cli.spring.AppProcess;
import dev.stampededoctor.cli.spring.Readers;
import dev.stampededoctor.cli.spring.SpringCacheApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stampedes made by a real cache library, not by our own drill client: Spring's cache abstraction
 * ({@code @Cacheable}/{@code @CacheEvict} with {@code @EnableCaching}) over spring-data-redis's
 * {@code RedisCacheManager} and a {@code LettuceConnectionFactory} that shares one connection per
 * JVM, as Spring Boot wires it. Every rebuild runs a real PostgreSQL query. The labels come from the
 * application's own counters (misses counted below the library by {@code CountingCacheWriter},
 * rebuilds by the {@code @Cacheable} method body), never from MONITOR.
 *
 * <p>What these captures show that our own clients' did not: all the misses of one JVM come from
 * ONE {@code ip:port}, and so do its refills; spring-data-redis 4.x sends its writes ({@code SET …
 * PX}, the evict's {@code UNLINK}) asynchronously on a SECOND connection of the same JVM (3.x sends
 * everything, evict as {@code DEL}, on one); and the locking cache writer reads, takes and deletes
 * a lock key ({@code items~lock}) that is not a cache key. The assertions hold the engine to the
 * application's counts: they fail on an engine that folds one connection's repeated refills into
 * one rebuild or takes the lock key for a cache key.
 *
 * <p>With {@code -Dstampede.scenarios.dir=DIR} each capture and its labels are saved for
 * {@code ScenarioSuiteTest}, named {@code spring-*} ({@code -Dstampede.scenarios.prefix=P} replaces
 * {@code spring-}, e.g. for a run on another spring-data-redis version):
 * <pre>
 * ./mvnw -B -pl detectors,cli verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=RealLibraryScenariosIT -Dstampede.scenarios.dir=$PWD/detectors/src/test/resources/scenarios
 * # spring-data-redis 3.3 (Spring 6.1, Lettuce 6.3):
 * #   add -Dspring-data-redis.version=3.3.13 -Dspring.version=6.1.21 -Dlettuce.version=6.3.2.RELEASE
 * #   -Dstampede.scenarios.prefix=spring-sdr33-
 * # only caffeine-fleet (Caffeine as each JVM's single-flight; no prefix):
 * #   -Dit.test='RealLibraryScenariosIT#caffeine*'
 * </pre>
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealLibraryScenariosIT {
    private static final String TABLE = "stampede_doctor_spring_it_rows";
    private static final String KEY = "items::1";
    private static final String LOCK_KEY = "items~lock";
    private static final int THREADS = 40;
    private static final long PAUSE_MILLIS = 10;
    private static final long REBUILD_SLEEP_MILLIS = 30;
    private static final long BEFORE_TRIGGER_MILLIS = 300;
    private static final long AFTER_TRIGGER_MILLIS = 400;
    private static final int MAX_CAPTURE_BYTES = 16 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServerHandle redis;
    private PostgresServerHandle postgres;

    @TempDir
    Path dir;

    @BeforeAll
    void createTable(RedisServerHandle redis, PostgresServerHandle postgres) throws Exception {
        this.redis = redis;
        this.postgres = postgres;
        ScenarioTable.create(postgres, TABLE, "the rebuilt item");
    }

    @AfterAll
    void dropTable() throws Exception {
        ScenarioTable.drop(postgres, TABLE);
    }

    @BeforeEach
    void forgetTheCache() throws IOException {
        try (RespClient c = redis.connect()) {
            c.call("DEL", KEY, LOCK_KEY);
        }
    }

    // ------------------------------------------------------------------ the scenarios

    /** (a) {@code @CacheEvict}, then 40 threads of one JVM call {@code @Cacheable} (sync=false); no TTL (Boot's default). */
    @Test
    void evict_then_forty_threads_of_one_jvm_rebuild_on_one_connection() throws Exception {
        Counts c = inOneJvm(settings(null, false), false, false);
        saveAndCheck("spring-evict", "invalidation-stampede", c, THREADS / 2);
    }

    /** (b) the same with {@code @Cacheable(sync = true)}: the default writer does not coalesce across threads. */
    @Test
    void evict_then_sync_true_readers_with_the_default_writer() throws Exception {
        Counts c = inOneJvm(settings(Duration.ofMinutes(10), false), true, false);
        saveAndCheck("spring-evict-sync", c.rebuilds >= 3 ? "invalidation-stampede" : null, c, 1);
    }

    /** (c) entryTtl 700 ms: the readers read through the expiry. */
    @Test
    void a_short_entry_ttl_expires_under_forty_readers() throws Exception {
        Counts c = ttlHerd(Duration.ofMillis(700));
        saveAndCheck("spring-ttl", "ttl-herd", c, THREADS / 2);
    }

    /** (e) the locking writer with sync=false readers and {@code @CacheEvict(allEntries = true)} (takes the lock). */
    @Test
    void locking_writer_clear_then_readers_stampede_the_cache_key_not_the_lock() throws Exception {
        // The writer's lock makes the readers poll EXISTS every 50 ms (its default sleep) while
        // clear() holds it; a 120 ms rebuild keeps the miss window longer than that, so that the
        // released readers all find the key gone (with 30 ms, 4 to 40 rebuilds from run to run).
        SpringCacheApp.Settings s = new SpringCacheApp.Settings(redis.host(), redis.port(), null, Duration.ofMinutes(10),
                true, TABLE, 120);
        Counts c = inOneJvm(s, false, true);
        saveAndCheck("spring-locking-clear", "invalidation-stampede", c, THREADS / 4);
    }

    /**
     * (e') the locking writer with sync=true readers: the writer's lock serialises the loads, one
     * rebuild, no alarm; the lock key is set NX and deleted by every reader and must raise nothing.
     */
    @Test
    void locking_writer_with_sync_true_coalesces_and_the_lock_key_raises_nothing() throws Exception {
        Counts c = inOneJvm(settings(Duration.ofMinutes(10), true), true, false);
        saveAndCheck("spring-locking-sync", null, c, 1);
        assertThat(c.rebuilds).as("the locking writer coalesced the loads").isEqualTo(1);
    }

    /** (d) three JVMs, each with its own Lettuce connection from 127.0.0.21, .22, .23; one evicts. */
    @Test
    void three_jvms_each_on_its_own_source_address_rebuild_after_an_evict() throws Exception {
        Counts c = threeJvms();
        saveAndCheck("spring-three-jvms", "invalidation-stampede", c, THREADS / 2);
    }

    /**
     * (d') issue 14: the three JVMs' readers call {@code @Cacheable(sync = true)}, as a fleet whose
     * every instance holds its own lock would. The labels come from each JVM's own counts: the
     * diagnosis {@code per-process-lock} only when every JVM rebuilt once while more of its
     * requests missed. With spring-data-redis 3.4+ and the default (non-locking) writer, sync=true
     * does not coalesce (see spring-evict-sync), so each JVM rebuilds once per missing request.
     */
    @Test
    void three_jvms_with_sync_true_readers_after_an_evict() throws Exception {
        List<long[]> perJvm = new ArrayList<>();
        Counts c = threeJvms(true, perJvm);
        boolean perProcessLock = perJvm.stream().allMatch(n -> n[1] == 1 && n[0] > 1);
        String name = System.getProperty("stampede.scenarios.prefix", "spring-") + "sync-fleet";
        String kind = c.rebuilds >= 3 ? "invalidation-stampede" : null;
        System.out.println("[" + name + "] per JVM misses/rebuilds: " + perJvm.stream().map(n -> n[0] + "/" + n[1]).toList()
                + " -> per-process-lock " + perProcessLock);
        saveAndCheck(name, KEY, kind, c, 1, kind == null ? List.of() : List.of(fleetIncident(kind, c, perProcessLock)));
    }

    /**
     * Issue 14 on a real cache library: four JVMs (sources 127.0.0.41 … .44, ten request threads
     * each) whose every request reads {@code items::1} from Redis through Spring's cache (a GET, a
     * miss after the evict) and, on a miss, joins that JVM's single-flight of the rebuild: Caffeine's
     * {@code Cache.get(key, loader)} (3.2.2, entries expiring after 100 ms), whose loader queries
     * PostgreSQL and writes the row back ({@code CaffeineSingleFlight}). The labels come from each
     * JVM's own counts: {@code per-process-lock} only when every JVM rebuilt exactly once while more
     * of its requests missed, which is what Caffeine's coalescing should give. MONITOR starts after
     * the seed: the capture holds just the four rebuilds the JVMs counted.
     */
    @Test
    void caffeine_single_flight_in_each_of_four_jvms_after_an_evict() throws Exception {
        List<String> sources = List.of("127.0.0.41", "127.0.0.42", "127.0.0.43", "127.0.0.44");
        List<long[]> perJvm = new ArrayList<>();
        Counts c = fleet("caffeine-fleet", sources, THREADS, List.of("-Dstampede.app.singleflight=caffeine"), true,
                perJvm);
        boolean perProcessLock = perJvm.stream().allMatch(n -> n[1] == 1 && n[0] > n[1]);
        String name = "caffeine-fleet";
        System.out.println("[" + name + "] per JVM misses/rebuilds: " + perJvm.stream().map(n -> n[0] + "/" + n[1]).toList()
                + " -> per-process-lock " + perProcessLock);
        assertThat(perJvm).as("one count line per JVM").hasSize(sources.size());
        for (long[] n : perJvm) {
            assertThat(n[1]).as("a JVM's rebuilds").isGreaterThanOrEqualTo(1);
            assertThat(n[1]).as("a JVM's rebuilds, fewer than its misses: Caffeine coalesced them").isLessThan(n[0]);
        }
        String kind = c.rebuilds >= 3 ? "invalidation-stampede" : null;
        saveAndCheck(name, KEY, kind, c, sources.size(),
                kind == null ? List.of() : List.of(fleetIncident(kind, c, perProcessLock)));
    }

    /** A fleet's one incident on {@link #KEY}, labelled from the JVMs' own counts. */
    private static Map<String, Object> fleetIncident(String kind, Counts c, boolean perProcessLock) {
        Map<String, Object> incident = new LinkedHashMap<>();
        incident.put("kind", kind);
        incident.put("keys", 1);
        incident.put("events", 1);
        incident.put("misses", c.misses);
        incident.put("rebuilds", c.rebuilds);
        incident.put("recurrence", null);
        incident.put("diagnoses", perProcessLock ? List.of("per-process-lock") : List.of());
        return incident;
    }

    /**
     * Another language's library, one socket per process: a Node.js cache-aside service on ONE
     * ioredis client ({@code cli/src/test/node/herd.js}), 40 concurrent requests, its own DEL, its
     * own counts. Needs Node.js 18+ and npm: its packages are installed with {@code npm ci} into
     * {@code target/node-scenario} (once; {@code .ci/run} installs Node.js). Fails, saying what to
     * install, without them.
     */
    @Test
    void node_ioredis_one_socket_for_forty_concurrent_requests_after_a_del() throws Exception {
        Path nodeDir = nodeScenario();
        try (RespClient c = redis.connect()) {
            c.call("DEL", "product:1");
        }
        Path capture = dir.resolve("capture.log");
        Path err = dir.resolve("node.err");
        JsonNode counts;
        try (MonitorRecording monitor = MonitorRecording.start(redis, MAX_CAPTURE_BYTES)) {
            ProcessBuilder pb = new ProcessBuilder("node", "herd.js").directory(nodeDir.toFile())
                    .redirectError(err.toFile());
            Map<String, String> env = pb.environment();
            env.put("REDIS_HOST", redis.host());
            env.put("REDIS_PORT", String.valueOf(redis.port()));
            env.put("PGHOST", postgres.host());
            env.put("PGPORT", String.valueOf(postgres.port()));
            env.put("PGUSER", postgres.user());
            env.put("PGPASSWORD", postgres.password());
            env.put("PGDATABASE", postgres.database());
            env.put("TABLE", TABLE);
            env.put("CONCURRENCY", String.valueOf(THREADS));
            Process p = pb.start();
            String out;
            try {
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("herd.js ended").isTrue();
            } finally {
                p.destroyForcibly();
            }
            assertThat(p.exitValue()).as("herd.js exit; stderr: %s", Files.readString(err)).isZero();
            counts = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
            Thread.sleep(100);
            Files.write(capture, monitor.stop());
        }
        Counts c = new Counts(counts.path("misses").asLong(), counts.path("rebuilds").asLong(),
                counts.path("triggerMillis").asLong(), counts.path("calls").asLong(), capture);
        saveAndCheck("node-ioredis-del", counts.path("key").asText(), "invalidation-stampede", c, THREADS / 2);
    }

    /** Whether a short command runs and exits 0 within 10 s. */
    /**
     * The Node.js scenario with its packages: {@code src/test/node} when someone ran {@code npm ci}
     * there, else a copy in {@code target/node-scenario} where this runs {@code npm ci} once.
     */
    private static Path nodeScenario() throws IOException, InterruptedException {
        assertThat(ChildRun.works("node", "--version"))
                .as("the ioredis scenario needs Node.js 18+ on the PATH (Debian: apt-get install nodejs npm)").isTrue();
        Path source = Path.of("src/test/node").toAbsolutePath();
        if (Files.isDirectory(source.resolve("node_modules/ioredis")) && Files.isDirectory(source.resolve("node_modules/pg"))) {
            return source;
        }
        Path copy = Path.of("target/node-scenario").toAbsolutePath();
        Files.createDirectories(copy);
        for (String f : List.of("herd.js", "package.json", "package-lock.json")) {
            Files.copy(source.resolve(f), copy.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(copy.resolve("node_modules/ioredis")) || !Files.isDirectory(copy.resolve("node_modules/pg"))) {
            Path log = copy.resolve("npm-ci.log");
            Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(copy.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(180, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            assertThat(done && p.exitValue() == 0).as("npm ci for the ioredis scenario (needs npm and the npm registry;"
                    + " Debian: apt-get install npm): %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
        }
        return copy;
    }

    private static final class ChildRun {
        static boolean works(String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return false;
                }
                return p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    // ------------------------------------------------------------------ recording

    private record Counts(long misses, long rebuilds, long triggerMillis, long calls, Path capture) {
    }

    private SpringCacheApp.Settings settings(Duration ttl, boolean locking) {
        return new SpringCacheApp.Settings(redis.host(), redis.port(), null, ttl, locking, TABLE, REBUILD_SLEEP_MILLIS);
    }

    /**
     * One JVM: seed the key through the cached method, let {@link #THREADS} readers run, then evict
     * through {@code @CacheEvict} (one key, or {@code allEntries}).
     */
    private Counts inOneJvm(SpringCacheApp.Settings s, boolean sync, boolean evictAll) throws Exception {
        Path capture = dir.resolve("capture.log");
        long trigger;
        long misses;
        long rebuilds;
        long calls;
        try (MonitorRecording monitor = MonitorRecording.start(redis, MAX_CAPTURE_BYTES)) {
            try (SpringCacheApp app = new SpringCacheApp(s);
                    Readers readers = new Readers(app, THREADS, sync, PAUSE_MILLIS, postgres.jdbcUrl(), postgres.user(),
                            postgres.password())) {
                app.warmUp();
                seed(app, sync);
                app.reset();
                readers.go(System.currentTimeMillis() + BEFORE_TRIGGER_MILLIS + AFTER_TRIGGER_MILLIS);
                Thread.sleep(BEFORE_TRIGGER_MILLIS);
                trigger = System.currentTimeMillis();
                if (evictAll) {
                    app.catalog().evictAll();
                } else {
                    app.catalog().evict(1);
                }
                readers.join();
                misses = app.misses();
                rebuilds = app.rebuilds();
                calls = readers.calls();
            }
            Thread.sleep(100); // let the last MONITOR lines arrive
            Files.write(capture, monitor.stop());
        }
        return new Counts(misses, rebuilds, trigger, calls, capture);
    }

    private void seed(SpringCacheApp app, boolean sync) throws Exception {
        try (Connection c = postgres.connect()) {
            app.catalog().useConnection(c);
            if (sync) {
                app.catalog().itemSync(1);
            } else {
                app.catalog().item(1);
            }
        }
        // spring-data-redis 4 writes asynchronously (the SET goes out on a second connection after
        // put() returns): give it time to land before the readers start.
        Thread.sleep(200);
    }

    /** One JVM, entryTtl {@code ttl}: seed, then the readers read until 350 ms past the expiry. */
    private Counts ttlHerd(Duration ttl) throws Exception {
        Path capture = dir.resolve("capture.log");
        long expiry;
        long misses;
        long rebuilds;
        long calls;
        try (MonitorRecording monitor = MonitorRecording.start(redis, MAX_CAPTURE_BYTES)) {
            try (SpringCacheApp app = new SpringCacheApp(settings(ttl, false));
                    Readers readers = new Readers(app, THREADS, false, PAUSE_MILLIS, postgres.jdbcUrl(), postgres.user(),
                            postgres.password())) {
                app.warmUp();
                seed(app, false);
                expiry = app.writer().lastPutMillis() + ttl.toMillis();
                app.reset();
                readers.go(expiry + 350);
                readers.join();
                misses = app.misses();
                rebuilds = app.rebuilds();
                calls = readers.calls();
            }
            Thread.sleep(100);
            Files.write(capture, monitor.stop());
        }
        return new Counts(misses, rebuilds, expiry, calls, capture);
    }

    /**
     * Three application JVMs (child processes on the test class path), each with its own
     * LettuceConnectionFactory bound to 127.0.0.21, .22 or .23; the first seeds, all read, the
     * first evicts. Redis is switched to {@code protected-mode no} for the run (it still listens
     * on loopback only) and switched back after.
     */
    private Counts threeJvms() throws Exception {
        return threeJvms(false, new ArrayList<>());
    }

    /**
     * {@link #threeJvms()} with the readers calling the {@code @Cacheable(sync = true)} method when
     * {@code sync}; each JVM's own counts ({@code [misses, rebuilds, calls]}) are added to {@code perJvm}.
     */
    private Counts threeJvms(boolean sync, List<long[]> perJvm) throws Exception {
        return fleet(sync ? "spring-sync-fleet" : "spring-three-jvms", List.of("127.0.0.21", "127.0.0.22", "127.0.0.23"),
                THREADS, List.of("-Dstampede.app.sync=" + sync), false, perJvm);
    }

    /**
     * Application JVMs, one per source address in {@code sources}, {@code threads} readers in all
     * (split as evenly as can be), each started with {@code jvmOptions}; the first seeds, all read,
     * the first evicts. Each JVM's own counts ({@code [misses, rebuilds, calls]}) are added to
     * {@code perJvm}, in the order of {@code sources}. With {@code seedOutsideCapture} MONITOR starts
     * after the seed, so that the capture holds only the loader runs the counts are of (the
     * simulator's as-is replay counts the seed's miss and SET as one more rebuild, which is more
     * than 5 % of a fleet's handful).
     */
    private Counts fleet(String tag, List<String> sources, int threads, List<String> jvmOptions,
            boolean seedOutsideCapture, List<long[]> perJvm) throws Exception {
        String old;
        try (RespClient c = redis.connect()) {
            old = configGet(c, "protected-mode");
            c.call("CONFIG", "SET", "protected-mode", "no");
        }
        List<Child> children = new ArrayList<>();
        Path capture = dir.resolve("capture.log");
        long trigger;
        long misses = 0;
        long rebuilds = 0;
        long calls = 0;
        try {
            if (seedOutsideCapture) {
                startAndSeed(children, sources, threads, jvmOptions);
            }
            try (MonitorRecording monitor = MonitorRecording.start(redis, MAX_CAPTURE_BYTES)) {
                if (!seedOutsideCapture) {
                    startAndSeed(children, sources, threads, jvmOptions);
                }
                long stopAt = System.currentTimeMillis() + BEFORE_TRIGGER_MILLIS + AFTER_TRIGGER_MILLIS;
                for (Child c : children) {
                    c.send("READ " + stopAt);
                }
                Thread.sleep(BEFORE_TRIGGER_MILLIS);
                children.get(0).send("EVICT");
                trigger = Long.parseLong(children.get(0).expect("EVICTED").trim());
                for (Child c : children) {
                    c.send("DONE");
                }
                for (Child c : children) {
                    String counts = c.expect("COUNTS").trim();
                    System.out.println("[" + tag + "] app process: misses rebuilds calls = " + counts);
                    String[] n = counts.split(" ");
                    perJvm.add(new long[] {Long.parseLong(n[0]), Long.parseLong(n[1]), Long.parseLong(n[2])});
                    misses += Long.parseLong(n[0]);
                    rebuilds += Long.parseLong(n[1]);
                    calls += Long.parseLong(n[2]);
                    c.awaitExit();
                }
                Thread.sleep(100);
                Files.write(capture, monitor.stop());
            }
        } finally {
            for (Child c : children) {
                c.kill();
            }
            try (RespClient c = redis.connect()) {
                c.call("CONFIG", "SET", "protected-mode", old);
            }
        }
        String text = Files.readString(capture, StandardCharsets.ISO_8859_1);
        for (String source : sources) {
            assertThat(text).as("MONITOR shows a connection from %s", source).contains(" " + source + ":");
        }
        return new Counts(misses, rebuilds, trigger, calls, capture);
    }

    /** Starts one application JVM per source, waits for all, and has the first seed the key. */
    private void startAndSeed(List<Child> children, List<String> sources, int threads, List<String> jvmOptions)
            throws Exception {
        for (int i = 0; i < sources.size(); i++) {
            int each = threads / sources.size() + (i < threads % sources.size() ? 1 : 0);
            children.add(Child.start(dir, i, jvmOptions, List.of(redis.host(), String.valueOf(redis.port()),
                    sources.get(i), String.valueOf(each), String.valueOf(PAUSE_MILLIS), TABLE,
                    String.valueOf(REBUILD_SLEEP_MILLIS), postgres.jdbcUrl(), postgres.user(),
                    postgres.password())));
        }
        for (Child c : children) {
            c.expect("READY");
        }
        children.get(0).send("SEED");
        children.get(0).expect("SEEDED");
        Thread.sleep(200); // the asynchronous SET lands
    }

    private static String configGet(RespClient c, String name) throws IOException {
        Object reply = c.call("CONFIG", "GET", name);
        if (reply instanceof List<?> l && l.size() == 2 && l.get(1) instanceof byte[] value) {
            return new String(value, StandardCharsets.UTF_8);
        }
        throw new IOException("CONFIG GET " + name + " answered " + reply);
    }

    /** An application JVM started with {@code java -cp <test class path> AppProcess}. */
    private static final class Child {
        private final Process process;
        private final BufferedReader out;
        private final PrintStream in;
        private final Path log;

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        static Child start(Path dir, int index, List<String> jvmOptions, List<String> args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:TieredStopAtLevel=1"));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), AppProcess.class.getName()));
            cmd.addAll(args);
            Path log = dir.resolve("app-" + index + ".err");
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            return new Child(p, log);
        }

        void send(String line) {
            in.println(line);
        }

        /** The rest of the next {@code @@ WORD} line, waiting at most 30 s. */
        String expect(String word) throws Exception {
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                String line = out.readLine();
                if (line == null) {
                    throw new IllegalStateException("app process ended before " + word + "; stderr:\n" + tail());
                }
                if (line.startsWith("@@ " + word)) {
                    return line.substring(("@@ " + word).length());
                }
            }
            throw new IllegalStateException("no " + word + " within 30 s");
        }

        void awaitExit() throws Exception {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("app process did not exit");
            }
        }

        void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private String tail() throws IOException {
            String s = Files.exists(log) ? Files.readString(log) : "";
            return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
        }
    }

    // ------------------------------------------------------------------ labels and checks

    /**
     * Saves the scenario (when asked), then runs {@code analyze} on the capture and holds it to what
     * the application counted: with {@code kind} null, no alarm at all; else exactly one alarm, on
     * {@link #KEY}, of that kind, misses and rebuilds within 5 % (or one). In every case no event of
     * any kind on the lock key.
     */
    private void saveAndCheck(String base, String kind, Counts c, long minRebuilds) throws Exception {
        String name = System.getProperty("stampede.scenarios.prefix", "spring-") + base.substring("spring-".length());
        saveAndCheck(name, KEY, kind, c, minRebuilds);
    }

    private void saveAndCheck(String name, String key, String kind, Counts c, long minRebuilds) throws Exception {
        saveAndCheck(name, key, kind, c, minRebuilds, null);
    }

    /** {@link #saveAndCheck(String, String, String, Counts, long)}, saving {@code incidents} (null: none) in the labels. */
    private void saveAndCheck(String name, String key, String kind, Counts c, long minRebuilds,
            List<Map<String, Object>> incidents) throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        if (kind != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("kind", kind);
            e.put("key", key);
            e.put("keyPattern", null);
            e.put("triggerAt", c.triggerMillis / 1000.0);
            e.put("misses", c.misses);
            e.put("rebuilds", c.rebuilds);
            events.add(e);
        }
        saveScenario(name, c.capture, events, incidents);
        assertThat(c.rebuilds).as("the application's own rebuilds in %s", name).isGreaterThanOrEqualTo(minRebuilds);

        CliRun run = CliRun.of("analyze", "--format", "json", c.capture.toString());
        assertThat(run.exitCode()).as("%s", run.err()).isIn(ExitCode.OK, ExitCode.FOUND);
        JsonNode report = JSON.readTree(run.out());
        List<JsonNode> alarms = new ArrayList<>();
        List<JsonNode> all = new ArrayList<>();
        report.path("events").forEach(e -> {
            all.add(e);
            String k = e.path("kind").asText();
            if (k.equals("invalidation-stampede") || k.equals("ttl-herd")) {
                alarms.add(e);
            }
        });
        System.out.println(String.format(Locale.ROOT,
                "[%s] %s, app: misses=%d rebuilds=%d calls=%d trigger=%.3f | engine: %s", name,
                name.startsWith("node-") ? "ioredis" : "spring-data-redis " + SpringCacheApp.springDataRedisVersion(),
                c.misses, c.rebuilds,
                c.calls, c.triggerMillis / 1000.0, summary(all)));
        StringBuilder incidentSummary = new StringBuilder("[" + name + "] engine incidents:");
        for (JsonNode i : report.path("incidents")) {
            incidentSummary.append(String.format(Locale.ROOT, " {%s alarm=%s keys=%d events=%d misses=%d rebuilds=%d diagnoses=",
                    i.path("kind").asText(), i.path("alarm").asBoolean(), i.path("keyCount").asInt(),
                    i.path("events").size(), i.path("misses").asLong(), i.path("rebuilds").asLong()));
            i.path("diagnoses").forEach(d -> incidentSummary.append(d.path("code").asText()).append(','));
            incidentSummary.append('}');
        }
        System.out.println(incidentSummary);

        SoftAssertions soft = new SoftAssertions();
        if (incidents != null) {
            // The incidents as the applications' own counts label them, per-process-lock included or not.
            List<JsonNode> found = new ArrayList<>();
            report.path("incidents").forEach(i -> {
                if (i.path("alarm").asBoolean()) {
                    found.add(i);
                }
            });
            soft.assertThat(found).as("alarm incidents of %s", name).hasSize(incidents.size());
            for (int n = 0; n < Math.min(found.size(), incidents.size()); n++) {
                List<String> codes = new ArrayList<>();
                found.get(n).path("diagnoses").forEach(d -> codes.add(d.path("code").asText()));
                @SuppressWarnings("unchecked")
                List<String> labelled = (List<String>) incidents.get(n).get("diagnoses");
                soft.assertThat(codes.contains("per-process-lock")).as("per-process-lock in %s", codes)
                        .isEqualTo(labelled.contains("per-process-lock"));
            }
        }
        for (JsonNode e : all) {
            soft.assertThat(e.path("key").asText()).as("an event on the lock key: %s", e).doesNotContain("~lock");
        }
        if (kind == null) {
            soft.assertThat(alarms).as("alarms of %s", name).isEmpty();
        } else {
            soft.assertThat(alarms).as("alarms of %s", name).hasSize(1);
            JsonNode hit = null;
            for (JsonNode e : alarms) {
                if (key.equals(e.path("key").asText())) {
                    hit = e;
                }
            }
            soft.assertThat(hit).as("an alarm on %s in %s", key, all).isNotNull();
            if (hit != null) {
                soft.assertThat(hit.path("kind").asText()).as("kind").isEqualTo(kind);
                double at = hit.path("trigger").path("at").asDouble();
                soft.assertThat(Math.abs(at * 1000 - c.triggerMillis)).as("trigger within 1 s").isLessThan(1000);
                within(soft, hit.path("misses").asLong(), c.misses, name + " misses");
                within(soft, hit.path("rebuilds").asLong(), c.rebuilds, name + " rebuilds");
            }
        }
        soft.assertAll();
    }

    private static String summary(List<JsonNode> events) {
        if (events.isEmpty()) {
            return "no event";
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode e : events) {
            b.append(String.format(Locale.ROOT, "{%s %s misses=%d rebuilds=%d} ", e.path("kind").asText(),
                    e.path("key").isNull() ? "pattern " + e.path("keyPattern").asText() : e.path("key").asText(),
                    e.path("misses").asLong(), e.path("rebuilds").asLong()));
        }
        return b.toString().trim();
    }

    private static void within(SoftAssertions soft, long found, long expected, String what) {
        long tolerance = Math.max(1, Math.round(expected * 0.05));
        soft.assertThat(found).as("%s: found %d, the app counted %d", what, found, expected)
                .isBetween(expected - tolerance, expected + tolerance);
    }

    /** With {@code -Dstampede.scenarios.dir=DIR}: the capture (gzip) and its labels, as StampedeScenariosIT writes them. */
    private static void saveScenario(String name, Path capture, List<Map<String, Object>> events,
            List<Map<String, Object>> incidents) throws IOException {
        String target = System.getProperty("stampede.scenarios.dir");
        if (target == null || target.isBlank()) {
            return;
        }
        Path out = Path.of(target);
        Files.createDirectories(out);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out.resolve(name + ".monitor.log.gz")))) {
            Files.copy(capture, gz);
        }
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("scenario", name);
        labels.put("events", events);
        if (incidents != null) {
            labels.put("incidents", incidents);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve(name + ".labels.json").toFile(), labels);
    }
}
