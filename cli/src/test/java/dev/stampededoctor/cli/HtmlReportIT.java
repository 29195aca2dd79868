package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.PostgresServerHandle;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTML reports opened in a real headless Chromium: the report of each bundled example, of a
 * simulation, of a TTL audit and of a scan of a real Redis (and PostgreSQL) during a stampede. Each loads with no
 * console message, carries its SVG charts with the incident's numbers in the DOM the browser
 * built, and screenshots as a page with something on it; a key holding {@code <script>} is text.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Measured at 1280×2000: a blank page 0, white with one line of text about 3, these reports 700 to 1,500. */
    private static final double MIN_VARIANCE = 300;

    @TempDir
    Path dir;

    /** Found on first use, so that a missing browser fails each test with what to install. */
    private Chromium chromium() {
        return Chromium.find(dir);
    }

    static Stream<Path> examples() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("../examples"), "*.monitor.log")) {
            files.forEach(out::add);
        }
        assertThat(out).isNotEmpty();
        return out.stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void the_report_of_each_example_opens_without_console_errors_with_its_charts_and_numbers(Path example) throws Exception {
        JsonNode report = JSON.readTree(CliRun.of("analyze", "--format", "json", example.toString()).out());
        Path html = write(example.getFileName() + ".html", CliRun.of("analyze", "--format", "html", example.toString()));
        Chromium.Page page = opened(html);
        assertThat(page.dom()).contains(Html.text(report.path("verdict").path("summary").asText()));
        assertThat(count(page.dom(), "<svg")).isGreaterThanOrEqualTo(1 + 2 * alarms(report));
        assertThat(page.dom()).contains(">The whole capture: reads, misses and fills</text>");
        for (JsonNode incident : report.path("incidents")) {
            if (incident.path("alarm").asBoolean()) {
                JsonNode worst = worstEvent(report, incident);
                String key = worst.hasNonNull("key") ? worst.path("key").asText() : worst.path("keyPattern").asText();
                assertThat(page.dom()).as("incident %d's chart", incident.path("rank").asInt()).containsPattern(Pattern.compile(
                        "<text[^>]*>" + Pattern.quote(Html.text(String.format(Locale.ROOT, "#%d %s: %,d misses, %,d rebuilds",
                                incident.path("rank").asInt(), key, worst.path("misses").asLong(), worst.path("rebuilds").asLong())))
                                + "</text>"));
                assertThat(page.dom()).contains(String.format(Locale.ROOT, "rebuilds in flight: peak %d at once",
                        worst.path("evidence").path("peakConcurrentRebuilds").asInt()));
            }
        }
        assertScreenshotNotBlank(html);
    }

    @Test
    void a_key_holding_a_script_element_renders_as_text_and_never_runs() throws Exception {
        Path capture = dir.resolve("script-key.monitor.log");
        Files.writeString(capture, StampedeCapture.on(StampedeCapture.SCRIPT_KEY), StandardCharsets.UTF_8);
        Path html = write("script-key.html", CliRun.of("analyze", "--format", "html", capture.toString()));
        Chromium.Page page = opened(html);
        // The browser's DOM holds the key as text (escaped again when serialised) and no script element at all.
        assertThat(page.dom()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContainIgnoringCase("<script");
        assertThat(page.dom()).contains("#1 &lt;script&gt;alert(1)&lt;/script&gt;: 6 misses, 6 rebuilds</text>");
        assertScreenshotNotBlank(html);
    }

    @Test
    void the_simulation_of_an_example_charts_each_policy() throws Exception {
        Path html = write("simulate.html", CliRun.of("simulate", "--format", "html", "../examples/ttl-herd.monitor.log"));
        Chromium.Page page = opened(html);
        JsonNode sim = JSON.readTree(CliRun.of("simulate", "--format", "json", "../examples/ttl-herd.monitor.log").out());
        assertThat(count(page.dom(), "<svg")).isEqualTo(3);
        for (JsonNode p : sim.path("policies")) {
            // Each policy's bar, with its number of rebuilds.
            assertThat(page.dom()).containsPattern(Pattern.compile("<title>" + Pattern.quote(p.path("policy").asText())
                    + "[^<]*, rebuilds: " + Pattern.quote(String.format(Locale.ROOT, "%,d", p.path("rebuilds").asLong())) + "</title>"));
        }
        assertScreenshotNotBlank(html);
    }

    @Test
    void a_ttl_audit_of_keys_written_together_draws_their_expiry_histogram_and_the_jitter(RedisServerHandle redis)
            throws Exception {
        // Letters only: digits in it would become part of the inferred pattern's wildcards.
        StringBuilder prefix = new StringBuilder("html");
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 8; i++) {
            prefix.append((char) ('a' + random.nextInt(26)));
        }
        try (RespClient c = client(redis)) {
            for (int i = 0; i < 300; i++) {
                c.call("SET", prefix + ":session:" + (100_000 + i), "v", "PX", String.valueOf(120_000));
            }
        }
        CliRun run = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":*", "--format", "html");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        Chromium.Page page = opened(write("ttl-audit.html", run));
        assertThat(page.dom()).contains(">Expiries of " + prefix + ":session:*", "now and with ±", "keys expiring together");
        assertScreenshotNotBlank(dir.resolve("ttl-audit.html"));
    }

    @Test
    void the_report_of_a_scan_during_a_stampede_charts_redis_info_postgres_and_the_incident(RedisServerHandle redis,
            PostgresServerHandle postgres) throws Exception {
        String key = "html:" + UUID.randomUUID() + ":page";
        AtomicReference<CliRun> scan = new AtomicReference<>();
        Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", redis.url(), "--postgres",
                postgres.url(), "--duration", "3s", "--format", "html")), "scan");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (RespClient c = client(redis)) {
            c.call("SET", key, "v", "EX", "600");
            scanner.start();
            Thread.sleep(700); // MONITOR attached
            long end = System.currentTimeMillis() + 1_500;
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread t = new Thread(() -> {
                    try (RespClient r = client(redis)) {
                        while (System.currentTimeMillis() < end) {
                            if (r.call("GET", key) == null) {
                                Thread.sleep(40); // the rebuild
                                r.call("SET", key, "rebuilt", "EX", "600");
                            }
                            Thread.sleep(2);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                t.start();
                readers.add(t);
            }
            Thread.sleep(400);
            c.call("DEL", key);
            for (Thread t : readers) {
                t.join(10_000);
            }
        }
        scanner.join(20_000);
        assertThat(failure.get()).isNull();
        CliRun run = scan.get();
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        Chromium.Page page = opened(write("scan.html", run));
        assertThat(page.dom()).contains(">Redis ops/s (INFO)</text>", ">Hit ratio per second", ">Keys expired per second",
                ">The whole capture: reads, misses and fills</text>", ">PostgreSQL: active queries (pg_stat_activity)</text>");
        assertThat(page.dom()).containsPattern(Pattern.compile("<text[^>]*>#\\d+ " + Pattern.quote(key)
                + ": \\d+ misses, \\d+ rebuilds</text>"));
        assertScreenshotNotBlank(dir.resolve("scan.html"));
    }

    private Chromium.Page opened(Path html) throws Exception {
        Chromium.Page page = chromium().dumpDom(html);
        assertThat(page.console()).as("console messages of %s", html).isEmpty();
        assertThat(page.dom()).contains("<svg");
        return page;
    }

    private void assertScreenshotNotBlank(Path html) throws Exception {
        Path png = dir.resolve(html.getFileName() + ".png");
        Chromium.Page page = chromium().screenshot(html, png, 1280, 2000);
        assertThat(page.console()).isEmpty();
        assertThat(Screenshots.luminanceVariance(png)).as("pixel variance of %s", png).isGreaterThan(MIN_VARIANCE);
    }

    private Path write(String name, CliRun run) throws IOException {
        assertThat(run.out()).as("%s", run).startsWith("<!DOCTYPE html>");
        Path html = dir.resolve(name);
        Files.writeString(html, run.out(), StandardCharsets.UTF_8);
        return html;
    }

    private static RespClient client(RedisServerHandle redis) throws Exception {
        RespClient c = redis.connect();
        if (redis.db() != 0) {
            c.call("SELECT", String.valueOf(redis.db()));
        }
        return c;
    }

    private static int alarms(JsonNode report) {
        int n = 0;
        for (JsonNode i : report.path("incidents")) {
            n += i.path("alarm").asBoolean() ? 1 : 0;
        }
        return n;
    }

    /** As the renderers pick it: the alarm event with the most rebuilds, the first on a tie. */
    private static JsonNode worstEvent(JsonNode report, JsonNode incident) {
        JsonNode worst = null;
        for (JsonNode k : incident.path("events")) {
            JsonNode e = report.path("events").get(k.asInt());
            boolean alarm = !e.path("kind").asText().equals("coalesced-refill");
            boolean worstAlarm = worst != null && !worst.path("kind").asText().equals("coalesced-refill");
            if (worst == null || alarm && (!worstAlarm || e.path("rebuilds").asLong() > worst.path("rebuilds").asLong())) {
                worst = e;
            }
        }
        return worst;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Text as Chromium serialises it in the DOM: {@code & < >} escaped (quotes stay as they are in text). */
    private static final class Html {
        static String text(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;");
        }
    }
}
