package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.servers.LocalBinaries;
import dev.stampededoctor.cli.servers.RedisProcess;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import dev.stampededoctor.cli.servers.ServerOrigin;
import dev.stampededoctor.cli.servers.StartedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exporter} on a real Redis without MONITOR ({@code rename-command MONITOR ""}), run as
 * its own JVM and scraped over HTTP as Prometheus would: the misses per pattern are the ones the
 * clients counted, the DEL stampede is one incident of its kind, the periodic audit finds the
 * keys that expire together, promtool accepts every scrape, a lost Redis is retried, and SIGTERM
 * puts notify-keyspace-events back exactly.
 */
class ExporterIT {
    private static final int READERS = 8;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private StartedServer<RedisServerHandle> server;
    private RedisServerHandle redis;
    private Process exporter;

    @TempDir
    Path dir;

    @BeforeEach
    void redisWithoutMonitor() throws Exception {
        Path binary = LocalBinaries.redisServer().orElseThrow(() -> new AssertionError(
                "this test runs a Redis of its own without MONITOR: install redis-server (apt-get install redis-server)"));
        server = RedisProcess.start(binary, ServerOrigin.LOCAL, "local binary " + binary,
                new ArrayList<>(List.of("--rename-command", "MONITOR", "", "--notify-keyspace-events", "Kl")));
        redis = server.handle();
    }

    @AfterEach
    void stop() throws Exception {
        if (exporter != null && exporter.isAlive()) {
            exporter.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        server.close();
    }

    private String start(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "exporter", "--redis", redis.url(),
                "--listen", "127.0.0.1:0"));
        command.addAll(List.of(options));
        exporter = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("exporter.err").toFile()).start();
        Pattern serving = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+/metrics)");
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && exporter.isAlive()) {
            Matcher m = serving.matcher(err());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the exporter did not start serving:\n" + err());
    }

    private String err() throws IOException {
        Path f = dir.resolve("exporter.err");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    /** A scrape in the Prometheus text format, the one promtool lints. */
    private static String scrape(String url) throws Exception {
        return scrape(url, "text/plain");
    }

    private static String scrape(String url, String accept) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** Scrapes until {@code until} holds (20 s at most), returning that scrape. */
    private String scrapeUntil(String url, Predicate<String> until, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = scrape(url);
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no scrape showed " + what + " within 20 s; the last:\n" + last + "\nstderr:\n" + err());
    }

    /** The value of the first sample of {@code metric} whose labels contain every one of {@code labels}. */
    static OptionalDouble value(String scrape, String metric, String... labels) {
        return scrape.lines().filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
                .filter(l -> List.of(labels).stream().allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
    }


    private String notifySetting() throws IOException {
        try (RespClient c = redis.connect()) {
            List<?> setting = (List<?>) c.call("CONFIG", "GET", "notify-keyspace-events");
            return new String((byte[]) setting.get(1), StandardCharsets.UTF_8);
        }
    }

    @Test
    void serves_the_clients_misses_the_stampede_and_the_audit_and_sigterm_puts_the_setting_back() throws Exception {
        String prefix = "ex" + KeyspaceFixtures.letters();
        String hot = prefix + ":page:1";
        try (RespClient c = redis.connect()) {
            KeyspaceFixtures.seed(c, KeyspaceFixtures.keys(prefix + ":%d:herd", 50), i -> 600_000L);
            c.call("SET", hot, "v", "EX", "600");
        }
        String url = start("--window", "3s", "--info-every", "1s", "--audit-every", "2s");
        String up = "stampede_doctor_exporter_redis_up";
        scrapeUntil(url, s -> value(s, up).orElse(0) == 1, "the subscription live");
        assertThat(notifySetting()).as("set while it runs").contains("E", "g", "x", "e", "m");

        AtomicLong misses = new AtomicLong();
        long end = System.currentTimeMillis() + 1_500;
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            Thread t = new Thread(() -> {
                try (RespClient r = redis.connect()) {
                    CacheAsideReader.run(r, r, List.of(hot), end, misses);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "reader");
            t.start();
            readers.add(t);
        }
        Thread.sleep(400);
        try (RespClient c = redis.connect()) {
            c.call("DEL", hot);
        }
        for (Thread t : readers) {
            t.join(10_000);
        }
        assertThat(misses.get()).as("the DEL made the readers miss").isGreaterThanOrEqualTo(READERS / 2);
        String windows = "stampede_doctor_exporter_windows_total";
        double after = value(scrape(url), windows).orElse(0);
        String scrape = scrapeUntil(url, s -> value(s, windows).orElse(0) >= after + 2, "two more windows");

        assertThat(Promtool.checkMetrics(scrape)).isEqualTo("0:");
        // What Prometheus asks for first: OpenMetrics, the same counters.
        String open = scrape(url, "application/openmetrics-text; version=1.0.0");
        assertThat(open).endsWith("# EOF\n");
        assertThat(value(open, "stampede_doctor_pattern_misses_total", "pattern=\"" + prefix + ":page:*\""))
                .hasValue(misses.get());
        assertThat(value(scrape, "stampede_doctor_pattern_misses_total", "pattern=\"" + prefix + ":page:*\""))
                .as("the clients' own count").hasValue(misses.get());
        assertThat(value(scrape, "stampede_doctor_incidents_total", "kind=\"invalidation-stampede\"")).hasValue(1);
        assertThat(value(scrape, "stampede_doctor_keyspace_events_total", "event=\"del\"")).hasValue(1);
        assertThat(value(scrape, "stampede_doctor_ttl_pattern_largest_cluster_keys", "pattern=\"" + prefix + ":*:herd\""))
                .hasValue(50);
        assertThat(value(scrape, "stampede_doctor_ttl_pattern_clustered", "pattern=\"" + prefix + ":*:herd\"")).hasValue(1);
        assertThat(value(scrape, "stampede_doctor_exporter_events_dropped_total")).hasValue(0);
        assertThat(value(scrape, "stampede_doctor_redis_keyspace_misses_total").orElse(-1))
                .isGreaterThanOrEqualTo(misses.get());
        assertThat(scrape).contains("target=\"" + redis.url().replaceFirst("/\\d+$", "") );

        exporter.destroy(); // SIGTERM, as systemd stops it
        assertThat(exporter.waitFor(10, TimeUnit.SECONDS)).as(err()).isTrue();
        assertThat(exporter.exitValue()).as(err()).isZero();
        assertThat(err()).contains("put back to 'lK'", "exporter stopped after").doesNotContain("Exception");
        assertThat(notifySetting()).isEqualTo("lK");
    }

    @Test
    void a_lost_redis_is_reported_and_retried_while_metrics_are_still_served() throws Exception {
        String url = start("--window", "2s", "--info-every", "1s", "--audit-every", "0");
        String up = "stampede_doctor_exporter_redis_up";
        scrapeUntil(url, s -> value(s, up).orElse(0) == 1, "the subscription live");
        server.close();
        String down = scrapeUntil(url, s -> value(s, up).orElse(1) == 0, "Redis down");
        assertThat(Promtool.checkMetrics(down)).isEqualTo("0:");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!err().contains("connecting again") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(err()).contains("lost Redis at", "connecting again in 5 s");
        assertThat(exporter.isAlive()).isTrue();
        exporter.destroy();
        assertThat(exporter.waitFor(15, TimeUnit.SECONDS)).as(err()).isTrue();
        assertThat(exporter.exitValue()).as(err()).isZero();
    }

    @Test
    void usage_errors_are_one_line_before_anything_is_served() throws Exception {
        CliRun duty = CliRun.of("exporter", "--redis", redis.url(), "--monitor-sample", "2s/5s");
        assertThat(duty.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(duty.err().strip()).doesNotContain("\n").contains("at most a tenth of EVERY");
        CliRun listen = CliRun.of("exporter", "--redis", redis.url(), "--listen", "localhost");
        assertThat(listen.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(listen.err().strip()).doesNotContain("\n").contains("HOST:PORT");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun busy = CliRun.of("exporter", "--redis", redis.url(), "--listen", "127.0.0.1:" + taken.getLocalPort(),
                    "--duration", "1s");
            assertThat(busy.exitCode()).as("%s", busy).isEqualTo(ExitCode.USAGE);
            assertThat(busy.err().strip()).doesNotContain("\n").contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CliRun unreachable = CliRun.of("exporter", "--redis", "redis://127.0.0.1:" + closed, "--duration", "1s");
        assertThat(unreachable.exitCode()).as("%s", unreachable).isEqualTo(ExitCode.CONNECTION);
        assertThat(notifySetting()).as("nothing was changed").isEqualTo("lK");
    }

    @Test
    void monitor_samples_behind_their_flag_give_hit_ratios_per_pattern_and_end_their_monitor() throws Exception {
        Path binary = LocalBinaries.redisServer().orElseThrow();
        server.close();
        server = RedisProcess.start(binary, ServerOrigin.LOCAL, "local binary " + binary, new ArrayList<>());
        redis = server.handle();
        String prefix = "ms" + KeyspaceFixtures.letters();
        try (RespClient c = redis.connect()) {
            for (int i = 0; i < 20; i++) {
                c.call("SET", prefix + ":item:" + i, "v", "EX", "600");
            }
        }
        AtomicLong running = new AtomicLong(1);
        Thread reader = new Thread(() -> {
            try (RespClient c = redis.connect()) {
                for (int n = 0; running.get() == 1 && n < 200_000; n++) {
                    c.call("GET", prefix + ":item:" + n % 20);
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "reader");
        reader.start();
        try {
            String url = start("--window", "2s", "--info-every", "1s", "--audit-every", "0", "--monitor-sample",
                    "500ms/5s");
            String scrape = scrapeUntil(url, s -> value(s, "stampede_doctor_monitor_sample_last_timestamp_seconds")
                    .isPresent(), "a MONITOR sample");
            assertThat(value(scrape, "stampede_doctor_pattern_sampled_hit_ratio", "pattern=\"" + prefix + ":item:*\""))
                    .as("every read hits").hasValue(1.0);
            assertThat(Promtool.checkMetrics(scrape)).isEqualTo("0:");
            try (RespClient c = redis.connect()) {
                String clients = c.callForText("CLIENT", "LIST");
                assertThat(clients.lines().filter(l -> l.matches(".* flags=\\S*O\\S* .*")))
                        .as("no MONITOR left between samples").isEmpty();
            }
        } finally {
            running.set(0);
            reader.join(5_000);
        }
        exporter.destroy();
        assertThat(exporter.waitFor(15, TimeUnit.SECONDS)).as(err()).isTrue();
        assertThat(exporter.exitValue()).as(err()).isZero();
    }
}
