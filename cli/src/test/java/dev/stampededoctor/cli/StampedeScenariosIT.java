package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.PostgresServerHandle;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.drill.CacheAsideClient;
import dev.stampededoctor.cli.drill.ClientCounts;
import dev.stampededoctor.cli.drill.ConnectionMode;
import dev.stampededoctor.cli.drill.Endpoints;
import dev.stampededoctor.cli.drill.Mitigation;
import dev.stampededoctor.cli.drill.Shape;
import dev.stampededoctor.cli.drill.Workload;
import dev.stampededoctor.cli.drill.WorkloadRunner;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.TlsOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cache-aside clients against real Redis and PostgreSQL, driven by the drill's workload engine
 * ({@link WorkloadRunner}): each client thread has its own connections and rebuilds a missing key
 * with a real query. A scenario triggers a stampede (or a
 * healthy refill), MONITOR records it, and {@code analyze} must find what the clients themselves
 * saw: the kind, the key, the trigger within 1 s, misses and rebuilds within 5 % (or one).
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StampedeScenariosIT {
    private static final String TABLE = "stampede_doctor_drill_it_rows";
    private static final int CLIENTS = 8;
    private static final long REBUILD_SLEEP_MILLIS = 30;
    private static final int MAX_CAPTURE_BYTES = 64 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How many client threads run, and how they reach Redis. */
    private record Clients(int threads, ConnectionMode mode, int processes) {
    }

    /** Each of {@link #CLIENTS} threads with a connection of its own. */
    private static final Clients POOLED = new Clients(CLIENTS, ConnectionMode.POOLED, 1);
    /**
     * Two "processes" of eight threads, each process with one multiplexed connection (Lettuce,
     * node-redis): a whole herd of GETs, then of SETs, from one {@code ip:port}.
     */
    private static final Clients SHARED = new Clients(16, ConnectionMode.SHARED, 2);

    private RedisServerHandle redis;
    private PostgresServerHandle postgres;

    @TempDir
    Path dir;

    @BeforeAll
    void createTable(RedisServerHandle redis, PostgresServerHandle postgres) throws Exception {
        this.redis = redis;
        this.postgres = postgres;
        ScenarioTable.create(postgres, TABLE, "the rebuilt value");
    }

    @AfterAll
    void dropTable() throws Exception {
        ScenarioTable.drop(postgres, TABLE);
    }

    /** The last capture recorded, kept for {@link #saveScenario}. */
    private Path lastCapture;

    /**
     * With {@code -Dstampede.scenarios.dir=DIR}, writes the last capture (gzip) and the events the
     * clients' own counts call for, as the labelled suite that {@code ScenarioSuiteTest} replays
     * without servers. Labels: {@code {"scenario", "events": [{"kind", "key", "keyPattern",
     * "triggerAt", "misses", "rebuilds"}]}}; negatives have no events.
     */
    private void saveScenario(String name, List<java.util.Map<String, Object>> events) throws IOException {
        saveScenario(name, events, null);
    }

    /**
     * {@link #saveScenario(String, List)} with, when {@code incidents} is not null, a top-level
     * {@code incidents} list (the scenarios of issue 14): {@code {"kind", "keys", "events", "misses",
     * "rebuilds", "recurrence": null | {"count", …}, "diagnoses": [codes]}}, from the clients'
     * counts and the scenario's construction.
     */
    private void saveScenario(String name, List<java.util.Map<String, Object>> events,
            List<java.util.Map<String, Object>> incidents) throws IOException {
        String target = System.getProperty("stampede.scenarios.dir");
        if (target == null || target.isBlank()) {
            return;
        }
        Path out = Path.of(target);
        Files.createDirectories(out);
        try (java.io.OutputStream gz = new java.util.zip.GZIPOutputStream(
                Files.newOutputStream(out.resolve(name + ".monitor.log.gz")))) {
            Files.copy(lastCapture, gz);
        }
        java.util.Map<String, Object> labels = new java.util.LinkedHashMap<>();
        labels.put("scenario", name);
        labels.put("events", events);
        if (incidents != null) {
            labels.put("incidents", incidents);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve(name + ".labels.json").toFile(), labels);
    }

    private static java.util.Map<String, Object> label(String kind, String key, String pattern, long triggerMillis,
            long misses, long rebuilds) {
        java.util.Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("kind", kind);
        e.put("key", key);
        e.put("keyPattern", pattern);
        e.put("triggerAt", triggerMillis / 1000.0);
        e.put("misses", misses);
        e.put("rebuilds", rebuilds);
        return e;
    }

    /** One incident label: its kind, how many keys and events, their summed counts, recurrence and diagnoses. */
    private static java.util.Map<String, Object> incident(String kind, int keys, List<java.util.Map<String, Object>> events,
            java.util.Map<String, Object> recurrence, List<String> diagnoses) {
        java.util.Map<String, Object> i = new java.util.LinkedHashMap<>();
        i.put("kind", kind);
        i.put("keys", keys);
        i.put("events", events.size());
        i.put("misses", events.stream().mapToLong(e -> ((Number) e.get("misses")).longValue()).sum());
        i.put("rebuilds", events.stream().mapToLong(e -> ((Number) e.get("rebuilds")).longValue()).sum());
        i.put("recurrence", recurrence);
        i.put("diagnoses", diagnoses);
        return i;
    }

    private static java.util.Map<String, Object> label(String kind, String key, ClientCounts labels) {
        return label(kind, key, null, labels.triggerMillis(), labels.misses(key), labels.rebuilds(key));
    }

    /**
     * The engine's workload for these scenarios: plain cache-aside (or behind a rebuild lock), refill
     * TTL in seconds, the rebuild a 30 ms query on row 1 of {@link #TABLE}.
     */
    private static Workload workload(List<String> keys, int db, Shape shape, boolean lock, int refillTtlSeconds,
            long runMillis) {
        return new Workload(keys, db, shape, lock ? Mitigation.LOCK : Mitigation.NONE, refillTtlSeconds * 1000L, 0.1,
                runMillis, 2, TABLE, 1, REBUILD_SLEEP_MILLIS);
    }

    private static Workload workload(String key, boolean lock, int refillTtlSeconds, long runMillis) {
        return workload(List.of(key), 0, Shape.STRING, lock, refillTtlSeconds, runMillis);
    }

    @Test
    void a_del_of_a_hot_key_is_an_invalidation_stampede() throws Exception {
        invalidationOfAHotKey("del", "DEL", key -> new String[] {"DEL", key});
    }

    /**
     * The same DEL, read by two processes of eight threads that each share one connection: every
     * thread that got nil rebuilt, so the misses and rebuilds are the threads', not the connections'.
     */
    @Test
    void a_del_of_a_hot_key_read_over_shared_connections_is_an_invalidation_stampede() throws Exception {
        invalidationOfAHotKey("del-shared", "DEL", key -> new String[] {"DEL", key}, SHARED);
        assertSharedSources();
    }

    /**
     * Clients read one seeded hot key; after 300 ms {@code command(key)} removes it. The one alarm
     * must be an invalidation stampede on that key, named after {@code expectedCommand}, matching
     * the clients' counts; saved as scenario {@code name}. Returns the event.
     */
    private JsonNode invalidationOfAHotKey(String name, String expectedCommand,
            java.util.function.Function<String, String[]> command) throws Exception {
        return invalidationOfAHotKey(name, expectedCommand, command, POOLED);
    }

    private JsonNode invalidationOfAHotKey(String name, String expectedCommand,
            java.util.function.Function<String, String[]> command, Clients clients) throws Exception {
        String key = "it:" + UUID.randomUUID() + ":" + name;
        ClientCounts labels = new ClientCounts();
        AtomicReference<String> triggerClient = new AtomicReference<>();
        JsonNode report = recordWith(workload(key, false, 600, 900), clients, 2, labels, (r, db) -> seed(key).fire(r),
                300, trigger -> {
                    triggerClient.set(clientAddress(trigger));
                    labels.trigger(System.currentTimeMillis());
                    trigger.call(command.apply(key));
                });
        // The labels are the clients' own counts: saved once the workload did stampede, whatever the engine finds.
        assertThat(labels.rebuilds()).as("the clients rebuilt several times").isGreaterThanOrEqualTo(3);
        saveScenario(name, List.of(label("invalidation-stampede", key, labels)));
        printCounts(name, report, labels);
        JsonNode e = onlyAlarm(report, key);
        assertThat(e.path("kind").asText()).isEqualTo("invalidation-stampede");
        assertThat(e.path("trigger").path("command").asText()).isEqualTo(expectedCommand);
        // For a script, the client that ran EVAL: the trigger's own connection all the same.
        assertThat(e.path("trigger").path("connection").asText()).isEqualTo(triggerClient.get());
        assertMatches(e, labels);
        return e;
    }

    @Test
    void an_expiring_hot_key_is_a_ttl_herd() throws Exception {
        JsonNode e = ttlHerdOf("ttl-set-px", 0, 700, key -> new String[][] {{"SET", key, "v", "PX", "700"}});
        assertThat(e.path("trigger").path("cause").asText()).isEqualTo("ttl");
    }

    /** The same expiry, read by two processes of eight threads that each share one connection. */
    @Test
    void a_hot_key_expiring_under_shared_connections_is_a_ttl_herd() throws Exception {
        JsonNode e = ttlHerdOf("ttl-set-px-shared", 0, 700, key -> new String[][] {{"SET", key, "v", "PX", "700"}},
                SHARED);
        assertThat(e.path("trigger").path("cause").asText()).isEqualTo("ttl");
        assertSharedSources();
    }

    /**
     * Clients read one key in {@code db}; {@code setup(key)} writes it, its last command giving
     * it a TTL of {@code ttlMillis}. The one alarm must be a TTL herd on that key at the expiry,
     * matching the clients' counts; saved as scenario {@code name}. Returns the event.
     */
    private JsonNode ttlHerdOf(String name, int db, long ttlMillis,
            java.util.function.Function<String, String[][]> setup) throws Exception {
        return ttlHerdOf(name, db, ttlMillis, setup, POOLED);
    }

    private JsonNode ttlHerdOf(String name, int db, long ttlMillis,
            java.util.function.Function<String, String[][]> setup, Clients clients) throws Exception {
        String key = "it:" + UUID.randomUUID() + ":" + name;
        ClientCounts labels = new ClientCounts();
        Workload w = workload(List.of(key), db, Shape.STRING, false, 600, ttlMillis + 500);
        JsonNode report = recordWith(w, clients, 2, labels, (r, dbc) -> ((Trigger) c -> {
            if (db != 0) {
                assertThat(c.call("SELECT", String.valueOf(db))).isEqualTo("OK");
            }
            String[][] commands = setup.apply(key);
            for (int i = 0; i < commands.length; i++) {
                if (i == commands.length - 1) {
                    labels.trigger(System.currentTimeMillis() + ttlMillis);
                }
                c.call(commands[i]);
            }
        }).fire(r), -1, null);
        assertThat(labels.rebuilds()).as("the clients rebuilt several times").isGreaterThanOrEqualTo(3);
        saveScenario(name, List.of(label("ttl-herd", key, labels)));
        printCounts(name, report, labels);
        JsonNode e = onlyAlarm(report, key);
        assertThat(e.path("kind").asText()).isEqualTo("ttl-herd");
        assertThat(e.path("db").asInt()).isEqualTo(db);
        assertMatches(e, labels);
        return e;
    }

    @Test
    void a_delete_from_a_lua_script_names_the_client_that_ran_it() throws Exception {
        JsonNode e = invalidationOfAHotKey("lua-unlink", "UNLINK",
                key -> new String[] {"EVAL", "redis.call('unlink', KEYS[1]) return 1", "1", key});
        assertThat(e.path("trigger").path("fromScript").asBoolean()).isTrue();
    }

    @Test
    void unlink_and_a_del_from_a_lua_script_are_invalidation_stampedes() throws Exception {
        invalidationOfAHotKey("unlink", "UNLINK", key -> new String[] {"UNLINK", key});
        JsonNode e = invalidationOfAHotKey("lua-del", "DEL",
                key -> new String[] {"EVAL", "redis.call('del', KEYS[1]) return 1", "1", key});
        assertThat(e.path("trigger").path("fromScript").asBoolean()).isTrue();
    }

    @Test
    void a_set_ex_key_expiring_is_a_ttl_herd() throws Exception {
        ttlHerdOf("ttl-set-ex", 0, 1_000, key -> new String[][] {{"SET", key, "v", "EX", "1"}});
    }

    @Test
    void xfetch_and_stale_while_revalidate_clients_refresh_a_short_lived_hot_key_without_an_alarm() throws Exception {
        for (Mitigation m : List.of(Mitigation.XFETCH, Mitigation.STALE_WHILE_REVALIDATE)) {
            String key = "it:" + UUID.randomUUID() + ":" + m.label();
            ClientCounts labels = new ClientCounts();
            // A TTL of 1 s over 3 s: the key would expire twice under plain cache-aside.
            Workload w = new Workload(List.of(key), 0, Shape.STRING, m, 1_000, 0, 3_000, 2, TABLE, 1,
                    REBUILD_SLEEP_MILLIS);
            JsonNode report = recordWith(w, CLIENTS, 2, labels,
                    (r, db) -> new CacheAsideClient(w, labels, r, db).seed(List.of(key), "v"), -1, null);
            assertThat(labels.rebuilds()).as("%s refreshed the key", m).isGreaterThanOrEqualTo(1);
            assertThat(alarms(report)).as("%s: %s", m, report.path("events")).isEmpty();
            saveScenario(m == Mitigation.XFETCH ? "xfetch" : "stale-while-revalidate", List.of());
        }
    }

    /**
     * A soft TTL without a refresh lock (dogpile-style): the value carries its own expiry and Redis
     * keeps it for 10 minutes; every client that reads it stale refreshes it with a real query. No
     * read returns nil. The clients count their own refreshes: the herd's rebuilds.
     */
    @Test
    void readers_that_all_refresh_a_soft_expired_value_are_a_refresh_herd() throws Exception {
        String key = "it:" + UUID.randomUUID() + ":soft";
        long softExpiry = System.currentTimeMillis() + 1_500;
        java.util.concurrent.atomic.AtomicLong refreshes = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong nils = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong firstStaleRead = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        Path capture = dir.resolve("capture.log");
        try (MonitorRecording monitor = MonitorRecording.start(redis, MAX_CAPTURE_BYTES)) {
            try (RedisConnection seed = endpoints().redis()) {
                seed.call("SET", key, "soft=" + softExpiry, "EX", "600");
            }
            long end = softExpiry + 600;
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < CLIENTS; t++) {
                Thread thread = new Thread(() -> {
                    try (RedisConnection r = endpoints().redis(); Connection db = postgres.connect();
                            PreparedStatement q = db.prepareStatement("SELECT pg_sleep(" + REBUILD_SLEEP_MILLIS / 1000.0
                                    + "), body FROM " + TABLE + " WHERE id = 1")) {
                        while (System.currentTimeMillis() < end) {
                            Object v = r.call("GET", key);
                            long now = System.currentTimeMillis();
                            if (v == null) {
                                nils.incrementAndGet();
                                continue;
                            }
                            String text = v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
                            if (now >= Long.parseLong(text.substring("soft=".length()))) {
                                firstStaleRead.accumulateAndGet(now, Math::min);
                                try (ResultSet rs = q.executeQuery()) {
                                    rs.next();
                                }
                                r.call("SET", key, "soft=" + (System.currentTimeMillis() + 60_000), "EX", "600");
                                refreshes.incrementAndGet();
                            } else {
                                Thread.sleep(2);
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            assertThat(failures).isEmpty();
            Thread.sleep(100);
            Files.write(capture, monitor.stop());
        }
        lastCapture = capture;
        assertThat(nils.get()).as("no read returned nil").isZero();
        assertThat(refreshes.get()).as("several clients refreshed the stale value").isGreaterThanOrEqualTo(3);
        CliRun run = CliRun.of("analyze", "--format", "json", capture.toString());
        JsonNode e = onlyAlarm(JSON.readTree(run.out()), key);
        assertThat(e.path("kind").asText()).isEqualTo("ttl-herd");
        assertThat(e.path("trigger").path("cause").asText()).isEqualTo("soft-expiry");
        assertThat(e.path("misses").asLong()).isZero();
        assertWithin(e.path("rebuilds").asLong(), refreshes.get(), "refreshes");
        saveScenario("soft-expiry", List.of(label("ttl-herd", key, null, firstStaleRead.get(), 0, refreshes.get())));
    }

    @Test
    void expire_zero_on_a_hash_refilled_with_multi_hset_expire_is_an_invalidation_stampede() throws Exception {
        String key = "it:" + UUID.randomUUID() + ":cart \"ü\" \n";
        ClientCounts labels = new ClientCounts();
        Workload w = workload(List.of(key), 0, Shape.HASH, false, 600, 900);
        JsonNode report = record(w, labels, c -> c.call("HSET", key, "body", "v"), 300, trigger -> {
            labels.trigger(System.currentTimeMillis());
            trigger.call("EXPIRE", key, "0");
        });
        JsonNode e = onlyAlarm(report, key.replace("\n", "\\x0a"));
        assertThat(e.path("trigger").path("command").asText()).isEqualTo("EXPIRE");
        assertMatches(e, labels);
        saveScenario("expire-0-hash-utf8", List.of(label("invalidation-stampede", key, labels)));
    }

    @Test
    void a_setex_key_expiring_in_another_db_is_a_ttl_herd_there() throws Exception {
        ttlHerdOf("ttl-setex-db3", 3, 1_000, key -> new String[][] {{"SETEX", key, "1", "v"}});
    }

    @Test
    void ttls_given_by_expire_and_psetex_expire_as_herds() throws Exception {
        ttlHerdOf("ttl-expire", 0, 1_000, key -> new String[][] {{"SET", key, "v"}, {"EXPIRE", key, "1"}});
        ttlHerdOf("ttl-psetex", 0, 800, key -> new String[][] {{"PSETEX", key, "800", "v"}});
    }

    @Test
    void keys_seeded_together_with_one_ttl_expire_as_one_pattern_level_herd() throws Exception {
        String prefix = "it" + letters() + "session:";
        List<String> keys = new ArrayList<>();
        // Thousands of keys, as a bulk load or a warm-up at start-up writes them.
        for (int i = 0; i < 2_000; i++) {
            keys.add(prefix + (100_000 + i));
        }
        ClientCounts labels = new ClientCounts();
        Workload w = workload(keys, 0, Shape.STRING, false, 600, 9_000);
        JsonNode report = record(w, labels, c -> {
            labels.trigger(System.currentTimeMillis() + 3_000);
            seedAll(c, keys, i -> 3_000);
        }, -1, null);
        JsonNode herd = patternHerd(report);
        assertThat(herd).as("pattern-level herd in %s", report.path("events")).isNotNull();
        assertThat(herd.path("keyPattern").asText()).isEqualTo(prefix + "*");
        // Each miss costs its client a 30 ms rebuild: 8 clients rebuild about 1,600 keys in 6 s.
        assertThat(labels.misses()).as("the clients missed on many of the keys").isGreaterThanOrEqualTo(1_000);
        assertThat(herd.path("keys").asLong()).isGreaterThanOrEqualTo(labels.misses() * 95 / 100);
        saveScenario("coordinated-expiry", List.of(label("ttl-herd", null, prefix + "*", labels.triggerMillis(),
                labels.misses(), labels.rebuilds())));
    }

    @Test
    void keys_seeded_with_jittered_ttls_raise_no_herd() throws Exception {
        String prefix = "it" + letters() + "jsession:";
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add(prefix + (100_000 + i));
        }
        java.util.Random random = new java.util.Random(11);
        ClientCounts labels = new ClientCounts();
        Workload w = workload(keys, 0, Shape.STRING, false, 600, 5_000);
        JsonNode report = record(w, labels, c -> seedAll(c, keys, i -> 3_000 + random.nextInt(601) - 300), -1, null);
        assertThat(labels.misses()).as("the keys did expire and miss").isGreaterThanOrEqualTo(200);
        assertThat(alarms(report)).isEmpty();
        saveScenario("jittered-expiry", List.of());
    }

    @Test
    void getdel_and_a_multi_key_del_of_two_hot_keys_stampede_each_key() throws Exception {
        String a = "it:" + UUID.randomUUID() + ":fragment:a";
        String b = "it:" + UUID.randomUUID() + ":fragment:b";
        ClientCounts labels = new ClientCounts();
        Workload w = workload(List.of(a, b), 0, Shape.STRING, false, 600, 900);
        // Each client picks a or b at random, so with 8 clients one key gets two rebuilds or
        // fewer one run in seven; with 16 about one in five hundred. The expected alarms come
        // from what the clients saw all the same.
        JsonNode report = recordWith(w, 2 * CLIENTS, 2, labels, c -> {
            c.call("SET", a, "v", "EX", "600");
            c.call("SET", b, "v", "EX", "600");
        }, 300, trigger -> {
            labels.trigger(System.currentTimeMillis());
            trigger.call("DEL", a, b);
        });
        List<String> stampeded = new ArrayList<>();
        for (String key : List.of(a, b)) {
            if (labels.rebuilds(key) >= dev.stampededoctor.detectors.AnalyzerOptions.DEFAULT_MIN_REBUILDS) {
                stampeded.add(key);
            }
        }
        assertThat(stampeded).as("at least one key was rebuilt three times").isNotEmpty();
        List<JsonNode> alarms = alarms(report);
        assertThat(alarms).extracting(n -> n.path("key").asText()).containsExactlyInAnyOrderElementsOf(stampeded);
        for (JsonNode e : alarms) {
            String key = e.path("key").asText();
            assertWithin(e.path("misses").asLong(), labels.misses(key), "misses of " + key);
            assertWithin(e.path("rebuilds").asLong(), labels.rebuilds(key), "rebuilds of " + key);
        }
        List<java.util.Map<String, Object>> expected = new ArrayList<>();
        for (String key : stampeded) {
            expected.add(label("invalidation-stampede", key, labels));
        }
        saveScenario("multi-key-del", expected);

        invalidationOfAHotKey("getdel", "GETDEL", key -> new String[] {"GETDEL", key});
    }

    @Test
    void a_rarely_read_key_deleted_and_early_refresh_raise_no_alarm() throws Exception {
        // One reader, every 150 ms: the delete costs one miss and one rebuild.
        String cold = "it:" + UUID.randomUUID() + ":cold";
        ClientCounts labels = new ClientCounts();
        Workload rare = workload(List.of(cold), 0, Shape.STRING, false, 600, 1_200);
        JsonNode report = recordWith(rare, 1, 150, labels, seed(cold), 400, t -> t.call("DEL", cold));
        assertThat(labels.misses()).isBetween(1L, 2L);
        assertThat(alarms(report)).isEmpty();
        saveScenario("rarely-read-delete", List.of());

        // A refresher rewrites the key well before its short TTL runs out (XFetch / SWR shape).
        String hot = "it:" + UUID.randomUUID() + ":refreshed";
        ClientCounts refreshed = new ClientCounts();
        JsonNode second = record(workload(hot, false, 1, 1_200), refreshed,
                c -> c.call("SET", hot, "v", "PX", "600"), 0, t -> {
                    for (int i = 0; i < 6; i++) {
                        Thread.sleep(200);
                        t.call("SET", hot, "fresh", "PX", "600");
                    }
                });
        assertThat(refreshed.misses()).isZero();
        assertThat(second.path("events")).isEmpty();
        saveScenario("early-refresh", List.of());
    }

    @Test
    void mget_readers_of_page_fragments_stampede_the_deleted_fragment_only() throws Exception {
        String base = "it:" + UUID.randomUUID() + ":page:";
        List<String> keys = List.of(base + "header", base + "body", base + "footer");
        ClientCounts labels = new ClientCounts();
        Workload w = workload(keys, 0, Shape.MGET, false, 600, 900);
        JsonNode report = record(w, labels, c -> {
            for (String k : keys) {
                c.call("SET", k, "v", "EX", "600");
            }
        }, 300, trigger -> {
            labels.trigger(System.currentTimeMillis());
            trigger.call("UNLINK", base + "body");
        });
        JsonNode e = onlyAlarm(report, base + "body");
        assertThat(e.path("trigger").path("command").asText()).isEqualTo("UNLINK");
        assertWithin(e.path("misses").asLong(), labels.misses(base + "body"), "misses");
        assertWithin(e.path("rebuilds").asLong(), labels.rebuilds(base + "body"), "rebuilds");
        saveScenario("mget-fragment-unlink", List.of(label("invalidation-stampede", base + "body", labels)));
    }

    @Test
    void heavy_healthy_traffic_with_write_through_raises_nothing() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add("it:" + letters() + ":item:" + i);
        }
        ClientCounts labels = new ClientCounts();
        Workload w = workload(keys, 0, Shape.STRING, false, 600, 1_000);
        JsonNode report = record(w, labels, c -> {
            for (String k : keys) {
                c.call("SET", k, "v", "EX", "600");
            }
        }, 50, writer -> {
            java.util.Random random = new java.util.Random(3);
            for (int i = 0; i < 150; i++) {
                writer.call("SET", keys.get(random.nextInt(keys.size())), "v" + i, "EX", "600");
                Thread.sleep(5);
            }
        });
        assertThat(labels.misses()).isZero();
        assertThat(report.path("events")).isEmpty();
        saveScenario("heavy-healthy", List.of());
    }

    @Test
    void a_rebuild_lock_coalesces_the_misses_into_one_rebuild_and_raises_no_alarm() throws Exception {
        String key = "it:" + UUID.randomUUID() + ":locked";
        ClientCounts labels = new ClientCounts();
        JsonNode report = record(workload(key, true, 600, 900), labels, seed(key), 300,
                trigger -> trigger.call("DEL", key));
        assertThat(labels.rebuilds()).isEqualTo(1);
        assertThat(labels.misses()).isGreaterThanOrEqualTo(3);
        assertThat(alarms(report)).isEmpty();
        List<JsonNode> coalesced = new ArrayList<>();
        report.path("events").forEach(coalesced::add);
        assertThat(coalesced).extracting(n -> n.path("kind").asText()).containsOnly("coalesced-refill");
        saveScenario("rebuild-lock", List.of());
    }

    @Test
    void write_through_overwrites_leave_no_miss_window() throws Exception {
        String key = "it:" + UUID.randomUUID() + ":written";
        ClientCounts labels = new ClientCounts();
        JsonNode report = record(workload(key, false, 600, 900), labels, seed(key), 300, trigger -> {
            for (int i = 0; i < 5; i++) {
                trigger.call("SET", key, "v" + i, "EX", "600");
                Thread.sleep(50);
            }
        });
        assertThat(labels.misses()).isZero();
        assertThat(report.path("events")).isEmpty();
        saveScenario("write-through", List.of());
    }

    // ------------------------------------------------------------------ issue 14: incidents

    /** Ten hot keys {@code <prefix>price:sku-0 … sku-9}, under a prefix that pattern inference keeps literal. */
    private static List<String> skuKeys() {
        String prefix = "it" + letters() + ":price:sku-";
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add(prefix + i);
        }
        return keys;
    }

    private static Trigger seedEach(List<String> keys) {
        return c -> {
            for (String k : keys) {
                c.call("SET", k, "v", "EX", "600");
            }
        };
    }

    /**
     * One {@code DEL price:sku-0 … price:sku-9} of ten hot keys that every page view reads (MGET):
     * each client misses all ten and rebuilds each. Ten stampede events, one incident.
     */
    @Test
    void one_del_of_ten_hot_keys_is_ten_stampedes_and_one_incident() throws Exception {
        List<String> keys = skuKeys();
        ClientCounts labels = new ClientCounts();
        JsonNode report = record(workload(keys, 0, Shape.MGET, false, 600, 900), labels, seedEach(keys), 300,
                trigger -> {
                    List<String> del = new ArrayList<>(List.of("DEL"));
                    del.addAll(keys);
                    labels.trigger(System.currentTimeMillis());
                    trigger.call(del.toArray(String[]::new));
                });
        List<java.util.Map<String, Object>> events = new ArrayList<>();
        for (String key : keys) {
            assertThat(labels.rebuilds(key)).as("rebuilds of %s", key).isGreaterThanOrEqualTo(3);
            events.add(label("invalidation-stampede", key, labels));
        }
        // One command removed the ten hot keys: a batch invalidation by construction.
        saveBatchScenario("multi-key-del-10", keys, events, report, labels);
    }

    /**
     * One writer deletes the ten hot keys one after another (single-key DELs, 1 ms apart, one
     * connection): ten events, one incident.
     */
    @Test
    void a_loop_of_single_key_dels_is_ten_stampedes_and_one_incident() throws Exception {
        List<String> keys = skuKeys();
        ClientCounts labels = new ClientCounts();
        JsonNode report = record(workload(keys, 0, Shape.MGET, false, 600, 1_000), labels, seedEach(keys), 300,
                trigger -> {
                    // Sent without waiting for each reply (one connection's loop, pipelined): a round trip
                    // to a busy Redis on a loaded machine could alone exceed the engine's 10 ms batch gap.
                    for (String key : keys) {
                        labels.trigger(System.currentTimeMillis());
                        trigger.send("DEL".getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
                        trigger.flush();
                        // A busy wait: sleep() may overshoot the engine's 10 ms batch gap on a loaded machine.
                        long until = System.nanoTime() + 1_000_000;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                    }
                    for (int i = 0; i < keys.size(); i++) {
                        trigger.read();
                    }
                });
        List<java.util.Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            assertThat(labels.rebuilds(key)).as("rebuilds of %s", key).isGreaterThanOrEqualTo(3);
            events.add(label("invalidation-stampede", key, null, labels.triggers().get(i), labels.misses(key),
                    labels.rebuilds(key)));
        }
        // One client's loop removed the ten hot keys: a batch invalidation by construction.
        saveBatchScenario("del-loop", keys, events, report, labels);
    }

    /**
     * One hot key with a TTL of 1 s, refilled with the same TTL each time, read continuously: it
     * herds at every expiry. Each herd's expiry is the last refill of the one before plus the TTL;
     * its misses and rebuilds are the clients' own, split by time. N TTL herds, one recurring incident.
     */
    @Test
    void a_short_ttl_hot_key_herds_at_every_expiry_as_one_recurring_incident() throws Exception {
        String key = "it:" + UUID.randomUUID() + ":recurring";
        long ttl = 1_000;
        ClientCounts labels = ClientCounts.withTimeline();
        JsonNode report = record(workload(key, false, (int) (ttl / 1000), 3_600), labels, c -> {
            labels.trigger(System.currentTimeMillis() + ttl);
            c.call("SET", key, "v", "PX", String.valueOf(ttl));
        }, -1, null);
        List<java.util.Map<String, Object>> events = new ArrayList<>();
        List<ClientCounts.Moment> moments = labels.timeline();
        long expiry = labels.triggerMillis();
        List<Long> expiries = new ArrayList<>();
        while (true) {
            long at = expiry;
            // A herd: the misses and rebuilds from (just before) its expiry until half a TTL later.
            List<ClientCounts.Moment> herd = moments.stream()
                    .filter(m -> m.epochMillis() >= at - 50 && m.epochMillis() < at + ttl / 2).toList();
            if (herd.isEmpty()) {
                break;
            }
            long misses = herd.stream().filter(m -> !m.rebuild()).count();
            long rebuilds = herd.stream().filter(ClientCounts.Moment::rebuild).count();
            assertThat(rebuilds).as("rebuilds of the herd at %d", at).isGreaterThanOrEqualTo(3);
            events.add(label("ttl-herd", key, null, at, misses, rebuilds));
            expiries.add(at);
            expiry = herd.stream().filter(ClientCounts.Moment::rebuild).mapToLong(ClientCounts.Moment::epochMillis)
                    .max().orElseThrow() + ttl;
        }
        assertThat(events).as("herds").hasSizeGreaterThanOrEqualTo(3);
        assertThat(events.stream().mapToLong(e -> ((Number) e.get("misses")).longValue()).sum())
                .as("every miss is in a herd").isEqualTo(labels.misses());
        java.util.Map<String, Object> recurrence = new java.util.LinkedHashMap<>();
        recurrence.put("count", events.size());
        recurrence.put("periodSeconds",
                Math.round((expiries.get(expiries.size() - 1) - expiries.get(0)) / (double) (expiries.size() - 1)) / 1000.0);
        recurrence.put("matchesTtl", true);
        // It herds again and again at its own TTL: a TTL sawtooth by construction.
        saveScenario("recurring-herd", events,
                List.of(incident("ttl-herd", 1, events, recurrence, List.of("ttl-sawtooth"))));
        printCounts("recurring-herd", report, labels);
        List<JsonNode> alarms = alarms(report);
        assertThat(alarms).as("alarms in %s", report.path("events")).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = alarms.get(i);
            assertThat(e.path("kind").asText()).isEqualTo("ttl-herd");
            assertThat(e.path("key").asText()).isEqualTo(key);
            assertThat(Math.abs(e.path("trigger").path("at").asDouble() * 1000 - expiries.get(i))).isLessThan(1000);
            assertWithin(e.path("misses").asLong(), ((Number) events.get(i).get("misses")).longValue(), "misses");
            assertWithin(e.path("rebuilds").asLong(), ((Number) events.get(i).get("rebuilds")).longValue(), "rebuilds");
        }
        JsonNode incident = assertOneIncident(report, "ttl-herd", 1, events.size(), events.size(), "ttl-sawtooth");
        assertThat(incident.path("recurrence").path("matchesTtl").asBoolean()).isTrue();
        assertThat(incident.path("recurrence").path("periodSeconds").asDouble()).isBetween(1.0, 1.2);
    }

    /**
     * A key that never existed: sixteen clients start together (the runner's start barrier), all
     * miss it and each rebuilds. No TTL, no delete: the cause is unknown, so the label is an
     * {@code unexplained-stampede}, not a TTL herd. The capture runs 1.2 s before the burst (one write
     * of another key starts it), so that "never seen" means something: a cold start.
     */
    @Test
    void sixteen_clients_missing_a_key_that_never_existed_are_an_unexplained_stampede() throws Exception {
        String key = "it:" + UUID.randomUUID() + ":cold-start";
        ClientCounts labels = ClientCounts.withTimeline();
        long[] captureStart = new long[1];
        JsonNode report = recordWith(workload(key, false, 600, 600), 16, 2, labels, c -> {
            captureStart[0] = System.currentTimeMillis();
            c.call("SET", key + ":other", "v", "EX", "60");
            Thread.sleep(1_200);
        }, -1, null);
        assertThat(labels.timeline().get(0).epochMillis() - captureStart[0]).as("the capture ran before the burst")
                .isGreaterThanOrEqualTo(1_100);
        assertThat(labels.rebuilds()).as("the clients rebuilt several times").isGreaterThanOrEqualTo(3);
        long firstMiss = labels.timeline().get(0).epochMillis();
        List<java.util.Map<String, Object>> events = List.of(
                label("unexplained-stampede", key, null, firstMiss, labels.misses(key), labels.rebuilds(key)));
        // The key was never written before the burst: a cold start by construction.
        saveScenario("cold-start", events,
                List.of(incident("unexplained-stampede", 1, events, null, List.of("cold-start"))));
        printCounts("cold-start", report, labels);
        JsonNode e = onlyAlarm(report, key);
        assertThat(e.path("kind").asText()).as("no TTL evidence").isNotEqualTo("ttl-herd");
        assertWithin(e.path("misses").asLong(), labels.misses(key), "misses");
        assertWithin(e.path("rebuilds").asLong(), labels.rebuilds(key), "rebuilds");
        JsonNode cold = assertOneIncident(report, "unexplained-stampede", 1, 1, 0, "cold-start");
        assertThat(cold.path("trigger").path("cause").asText()).isEqualTo("unknown");
    }

    private static final int FLEET_HOSTS = 4;
    private static final int FLEET_CONNECTIONS_PER_HOST = 4;

    /**
     * A fleet of {@link #FLEET_HOSTS} hosts (127.0.0.21, .22, …), each with
     * {@link #FLEET_CONNECTIONS_PER_HOST} connections of its own and one in-process lock (a
     * per-host single flight): a connection that misses takes its host's lock, re-reads, and
     * rebuilds only if the key is still missing. After a DEL of the hot key every connection
     * misses, but each host rebuilds once: the diagnosis is {@code per-process-lock}.
     */
    @Test
    void a_fleet_with_one_lock_per_host_rebuilds_once_per_host() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(redis.host().startsWith("127."), "hosts need loopback");
        String key = "it:" + UUID.randomUUID() + ":fleet";
        ClientCounts labels = new ClientCounts();
        long runMillis = 900;
        List<String> sources = java.util.Collections.synchronizedList(new ArrayList<>());
        Path capture = dir.resolve("capture.log");
        try (MonitorRecording monitor = MonitorRecording.start(redis, MAX_CAPTURE_BYTES)) {
            try (RedisConnection seed = endpoints().redis()) {
                seed.call("SET", key, "v", "EX", "600");
            }
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(
                    FLEET_HOSTS * FLEET_CONNECTIONS_PER_HOST);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            long[] end = new long[1];
            List<Thread> threads = new ArrayList<>();
            for (int h = 0; h < FLEET_HOSTS; h++) {
                java.net.InetAddress host = java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (21 + h)});
                java.util.concurrent.locks.Lock hostLock = new java.util.concurrent.locks.ReentrantLock();
                for (int t = 0; t < FLEET_CONNECTIONS_PER_HOST; t++) {
                    Thread thread = new Thread(() -> {
                        try (RedisConnection r = endpoints().redis(host); Connection db = postgres.connect();
                                PreparedStatement q = db.prepareStatement("SELECT body, pg_sleep("
                                        + REBUILD_SLEEP_MILLIS / 1000.0 + ") FROM " + TABLE + " WHERE id = 1")) {
                            sources.add(clientAddress(r));
                            ready.countDown();
                            go.await();
                            while (System.currentTimeMillis() < end[0]) {
                                if (r.call("GET", key) == null) {
                                    labels.miss(key);
                                    hostLock.lock();
                                    try {
                                        if (r.call("GET", key) == null) {
                                            labels.miss(key);
                                            String body;
                                            try (ResultSet rs = q.executeQuery()) {
                                                rs.next();
                                                body = rs.getString(1);
                                            }
                                            labels.rebuild(key);
                                            r.call("SET", key, body, "PX", "600000");
                                        }
                                    } finally {
                                        hostLock.unlock();
                                    }
                                }
                                Thread.sleep(2);
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                            ready.countDown();
                        }
                    }, "fleet-" + h + "-" + t);
                    thread.setDaemon(true);
                    threads.add(thread);
                    thread.start();
                }
            }
            assertThat(ready.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(failures).isEmpty();
            end[0] = System.currentTimeMillis() + runMillis;
            go.countDown();
            try (RedisConnection writer = endpoints().redis()) {
                Thread.sleep(300);
                labels.trigger(System.currentTimeMillis());
                writer.call("DEL", key);
            }
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            assertThat(failures).isEmpty();
            Thread.sleep(100);
            Files.write(capture, monitor.stop());
        }
        lastCapture = capture;
        assertThat(sources.stream().map(a -> a.replaceAll(":\\d+$", "")).distinct().sorted().toList())
                .as("the hosts").hasSize(FLEET_HOSTS);
        assertThat(labels.rebuilds()).as("one rebuild per host").isEqualTo(FLEET_HOSTS);
        assertThat(labels.misses()).as("several connections of each host missed").isGreaterThan(2L * FLEET_HOSTS);
        List<java.util.Map<String, Object>> events = List.of(label("invalidation-stampede", key, labels));
        saveScenario("per-host-lock-fleet", events,
                List.of(incident("invalidation-stampede", 1, events, null, List.of("per-process-lock"))));
        CliRun run = CliRun.of("analyze", "--format", "json", capture.toString());
        assertThat(run.exitCode()).as("%s", run.err()).isIn(ExitCode.OK, ExitCode.FOUND);
        JsonNode report = JSON.readTree(run.out());
        printCounts("per-host-lock-fleet", report, labels);
        JsonNode e = onlyAlarm(report, key);
        assertThat(e.path("kind").asText()).isEqualTo("invalidation-stampede");
        assertMatches(e, labels);
        assertOneIncident(report, "invalidation-stampede", 1, 1, 0, "per-process-lock");
    }

    /** Each key's one alarm, counted as the clients counted it. */
    /** Saves a scenario of hot keys one invalidation batch removed, and holds analyze to its labels: one incident. */
    private void saveBatchScenario(String name, List<String> keys, List<java.util.Map<String, Object>> events,
            JsonNode report, ClientCounts labels) throws IOException {
        saveScenario(name, events,
                List.of(incident("invalidation-stampede", keys.size(), events, null, List.of("batch-invalidation"))));
        printCounts(name, report, labels);
        assertEachKeyCounted(report, keys, labels);
        assertOneIncident(report, "invalidation-stampede", keys.size(), keys.size(), 0, "batch-invalidation");
    }

    /**
     * The report's only alarm incident: its kind, keys, events, recurrence count (0: none) and a
     * diagnosis it must carry.
     */
    private static JsonNode assertOneIncident(JsonNode report, String kind, int keys, int events, int recurrences,
            String diagnosis) {
        List<JsonNode> incidents = new ArrayList<>();
        report.path("incidents").forEach(i -> {
            if (i.path("alarm").asBoolean()) {
                incidents.add(i);
            }
        });
        assertThat(incidents).as("alarm incidents in %s", report.path("incidents")).hasSize(1);
        JsonNode i = incidents.get(0);
        assertThat(i.path("kind").asText()).isEqualTo(kind);
        assertThat(i.path("keyCount").asInt()).isEqualTo(keys);
        assertThat(i.path("events").size()).isEqualTo(events);
        if (recurrences == 0) {
            assertThat(i.path("recurrence").isNull()).as("recurrence %s", i.path("recurrence")).isTrue();
        } else {
            assertThat(i.path("recurrence").path("count").asInt()).isEqualTo(recurrences);
        }
        List<String> codes = new ArrayList<>();
        i.path("diagnoses").forEach(d -> codes.add(d.path("code").asText()));
        assertThat(codes).contains(diagnosis);
        return i;
    }

    private static void assertEachKeyCounted(JsonNode report, List<String> keys, ClientCounts labels) {
        List<JsonNode> alarms = alarms(report);
        assertThat(alarms).extracting(n -> n.path("key").asText()).containsExactlyInAnyOrderElementsOf(keys);
        for (JsonNode e : alarms) {
            String key = e.path("key").asText();
            assertWithin(e.path("misses").asLong(), labels.misses(key), "misses of " + key);
            assertWithin(e.path("rebuilds").asLong(), labels.rebuilds(key), "rebuilds of " + key);
        }
    }

    // ------------------------------------------------------------------ the workload

    private interface Trigger {
        void fire(RedisConnection client) throws Exception;
    }

    /** Writes every key with {@code SET … PX ttl(i)} in one pipeline. */
    private static void seedAll(RedisConnection c, List<String> keys, java.util.function.IntUnaryOperator ttlMillis)
            throws IOException {
        for (int i = 0; i < keys.size(); i++) {
            c.send(bytes("SET"), bytes(keys.get(i)), bytes("v"), bytes("PX"), bytes(String.valueOf(ttlMillis.applyAsInt(i))));
        }
        c.flush();
        for (int i = 0; i < keys.size(); i++) {
            assertThat(c.read()).isEqualTo("OK");
        }
    }

    /** Random lower-case letters: a key prefix that pattern inference keeps literal. */
    private static String letters() {
        java.util.Random random = new java.util.Random();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The connection's address as MONITOR prints it. */
    private static String clientAddress(RedisConnection c) throws IOException {
        String info = c.callForText("CLIENT", "INFO");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("addr=(\\S+)").matcher(info);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static JsonNode patternHerd(JsonNode report) {
        for (JsonNode e : report.path("events")) {
            if (e.path("kind").asText().equals("ttl-herd") && e.path("key").isNull()) {
                return e;
            }
        }
        return null;
    }

    /** Writes the key with a long TTL, so that only the scenario's trigger removes it. */
    private static Trigger seed(String key) {
        return c -> assertThat(c.call("SET", key, "v", "EX", "600")).as("seeding %s", key).isEqualTo("OK");
    }

    /**
     * Records MONITOR while {@link #CLIENTS} clients run the workload: {@code setup} runs first,
     * then the clients start and the trigger fires after {@code triggerAfterMillis} (none when
     * null). Returns the JSON report of the capture.
     */
    private JsonNode record(Workload w, ClientCounts labels, Trigger setup, long triggerAfterMillis, Trigger trigger)
            throws Exception {
        return recordWith(w, CLIENTS, 2, labels, setup, triggerAfterMillis, trigger);
    }

    /** {@link #record} with {@code clients} clients, each pausing {@code pauseMillis} between reads. */
    private JsonNode recordWith(Workload w, int clients, long pauseMillis, ClientCounts labels, Trigger setup,
            long triggerAfterMillis, Trigger trigger) throws Exception {
        return recordWith(w, clients, pauseMillis, labels, (r, db) -> setup.fire(r), triggerAfterMillis, trigger);
    }

    /** {@link #recordWith} with a set-up that also has a PostgreSQL connection. */
    private JsonNode recordWith(Workload w, int clients, long pauseMillis, ClientCounts labels,
            WorkloadRunner.Action setup, long triggerAfterMillis, Trigger trigger) throws Exception {
        return recordWith(w, new Clients(clients, ConnectionMode.POOLED, 1), pauseMillis, labels, setup,
                triggerAfterMillis, trigger);
    }

    /** {@link #recordWith} with the client threads reaching Redis as {@code clients} says. */
    private JsonNode recordWith(Workload w, Clients clients, long pauseMillis, ClientCounts labels,
            WorkloadRunner.Action setup, long triggerAfterMillis, Trigger trigger) throws Exception {
        Path capture = dir.resolve("capture.log");
        try (MonitorRecording monitor = MonitorRecording.start(redis, MAX_CAPTURE_BYTES)) {
            List<WorkloadRunner.Timed> actions = trigger == null ? List.of()
                    : List.of(new WorkloadRunner.Timed(triggerAfterMillis, (r, db) -> trigger.fire(r)));
            WorkloadRunner runner = new WorkloadRunner(endpoints());
            runner.run(w.withPauseMillis(pauseMillis), clients.threads(), clients.mode(), clients.processes(), labels,
                    setup, actions);
            assertThat(runner.notes()).as("the run's notes").isEmpty();
            Thread.sleep(100); // let the last MONITOR lines arrive
            Files.write(capture, monitor.stop());
        }
        lastCapture = capture;
        CliRun run = CliRun.of("analyze", "--format", "json", capture.toString());
        assertThat(run.exitCode()).as("%s", run.err()).isIn(ExitCode.OK, ExitCode.FOUND);
        JsonNode report = JSON.readTree(run.out());
        assertThat(run.exitCode() == ExitCode.FOUND).as("exit code agrees with the events")
                .isEqualTo(!alarms(report).isEmpty());
        return report;
    }

    /** Each client's own connections to the test servers. */
    private Endpoints endpoints() {
        return new Endpoints() {
            @Override
            public RedisConnection redis(java.net.InetAddress localAddress) throws IOException {
                return RedisConnection.open(RedisUrl.parse(redis.url()), new TlsOptions(null, false),
                        Duration.ofSeconds(5), Duration.ofSeconds(10), localAddress);
            }

            @Override
            public boolean redisOnLoopback() {
                return redis.host().startsWith("127.");
            }

            @Override
            public Connection postgres() throws java.sql.SQLException {
                return postgres.connect();
            }
        };
    }

    // ------------------------------------------------------------------ checks

    /** The last capture's GETs came from the two processes' hosts, 127.0.0.21 and 127.0.0.22, only. */
    private void assertSharedSources() throws IOException {
        java.util.Set<String> sources = new java.util.TreeSet<>();
        java.util.regex.Pattern get = java.util.regex.Pattern.compile("\\[\\d+ ([^\\]]+)\\] \"GET\"");
        for (String line : Files.readAllLines(lastCapture, StandardCharsets.ISO_8859_1)) {
            java.util.regex.Matcher m = get.matcher(line);
            if (m.find()) {
                sources.add(m.group(1));
            }
        }
        assertThat(sources).as("the GETs' connections").hasSize(SHARED.processes());
        assertThat(sources).extracting(a -> a.replaceAll(":\\d+$", "")).containsExactly("127.0.0.21", "127.0.0.22");
    }

    /** What the engine found against what the clients saw, on stdout (the numbers behind a failure). */
    private static void printCounts(String name, JsonNode report, ClientCounts labels) {
        StringBuilder b = new StringBuilder("SCENARIO " + name + ": clients saw misses=" + labels.misses() + " rebuilds="
                + labels.rebuilds() + "; engine:");
        for (JsonNode e : report.path("events")) {
            b.append(' ').append(e.path("kind").asText()).append("(misses=").append(e.path("misses").asLong())
                    .append(" rebuilds=").append(e.path("rebuilds").asLong()).append(')');
        }
        b.append("; incidents:");
        for (JsonNode i : report.path("incidents")) {
            b.append(' ').append(i.path("kind").asText()).append("(alarm=").append(i.path("alarm").asBoolean())
                    .append(" keys=").append(i.path("keyCount").asInt()).append(" events=").append(i.path("events").size())
                    .append(" misses=").append(i.path("misses").asLong()).append(" rebuilds=")
                    .append(i.path("rebuilds").asLong()).append(" recurrence=").append(i.path("recurrence"))
                    .append(" diagnoses=[");
            i.path("diagnoses").forEach(d -> b.append(d.path("code").asText()).append(' '));
            b.append("] trigger=").append(i.path("trigger").path("cause").asText()).append(')');
        }
        System.out.println(b);
    }

    private static List<JsonNode> alarms(JsonNode report) {
        List<JsonNode> out = new ArrayList<>();
        report.path("events").forEach(e -> {
            String kind = e.path("kind").asText();
            if (kind.equals("invalidation-stampede") || kind.equals("ttl-herd") || kind.equals("unexplained-stampede")) {
                out.add(e);
            }
        });
        return out;
    }

    private static JsonNode onlyAlarm(JsonNode report, String key) {
        List<JsonNode> alarms = alarms(report);
        assertThat(alarms).as("alarms in %s", report.path("events")).hasSize(1);
        assertThat(alarms.get(0).path("key").asText()).isEqualTo(key);
        return alarms.get(0);
    }

    private static void assertMatches(JsonNode e, ClientCounts labels) {
        double at = e.path("trigger").path("at").asDouble();
        assertThat(Math.abs(at * 1000 - labels.triggerMillis())).as("trigger within 1 s").isLessThan(1000);
        assertThat(labels.rebuilds()).as("the clients rebuilt several times").isGreaterThanOrEqualTo(3);
        assertWithin(e.path("misses").asLong(), labels.misses(), "misses");
        assertWithin(e.path("rebuilds").asLong(), labels.rebuilds(), "rebuilds");
    }

    private static void assertWithin(long found, long expected, String what) {
        long tolerance = Math.max(1, Math.round(expected * 0.05));
        assertThat(found).as("%s: found %d, clients saw %d", what, found, expected)
                .isBetween(expected - tolerance, expected + tolerance);
    }
}
