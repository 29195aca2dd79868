package dev.stampededoctor.detectors.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.detectors.AnalyzerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code as-is} against what really happened: the labelled suite's real captures (cache-aside
 * clients on real Redis and PostgreSQL, {@code StampedeScenariosIT}) and the bundled examples.
 * The clients' own rebuild counts come from the labels; scenarios without events say what the
 * clients did in the IT's assertions (a rebuild lock rebuilt once, write-through and early
 * refresh never missed); for the rest the capture's own rebuilds stand. Prints every policy's
 * rebuilds per capture: the figures quoted in the README.
 */
class RecordedCapturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * What the IT asserted the clients did, for scenarios whose labels list no event. The spring-
     * ones from RealLibraryScenariosIT: the app's loader ran once after the evict, and once before
     * it to seed the key (the capture holds both; the app's counters were reset after the seed).
     */
    private static final Map<String, Long> CLIENT_REBUILDS = Map.of(
            "rebuild-lock", 1L, "write-through", 0L, "heavy-healthy", 0L, "early-refresh", 0L,
            "spring-locking-sync", 2L, "spring-sdr33-locking-sync", 2L, "spring-sdr33-evict-sync", 2L);
    /**
     * Herds simulate does not model: refreshes of a present value past its soft expiry involve no
     * miss, so every policy replays them as the application's own writes (the as-is row shows 0).
     */
    private static final java.util.Set<String> NOT_MODELLED = java.util.Set.of("soft-expiry");
    /** The bundled examples: eight clients saw one miss each (ttl-herd); six rebuilds after the DEL. */
    private static final Map<String, Long> EXAMPLE_REBUILDS = Map.of(
            "invalidation-stampede", 6L, "ttl-herd", 8L);

    @Test
    void as_is_reproduces_the_rebuilds_the_clients_made_within_5_percent() throws Exception {
        List<String> rows = new ArrayList<>();
        List<Runnable> checks = new ArrayList<>();
        rows.add(header());
        try (Stream<Path> files = Files.list(scenarios())) {
            for (Path labels : files.filter(f -> f.toString().endsWith(".labels.json")).sorted().toList()) {
                JsonNode json = JSON.readTree(labels.toFile());
                String name = json.path("scenario").asText();
                SimulationReport report = simulate(labels.resolveSibling(name + ".monitor.log.gz"), true);
                long expected = expectedRebuilds(name, json, report);
                rows.add(row(name, expected, report));
                if (!NOT_MODELLED.contains(name)) {
                    checks.add(() -> assertWithin5Percent(name, report, expected));
                }
            }
        }
        for (Map.Entry<String, Long> e : EXAMPLE_REBUILDS.entrySet()) {
            SimulationReport report = simulate(Path.of("../examples/" + e.getKey() + ".monitor.log"), false);
            rows.add(row(e.getKey(), e.getValue(), report));
            checks.add(() -> assertWithin5Percent(e.getKey(), report, e.getValue()));
        }
        // Every figure first, then the checks: a failure shows the whole table above it.
        rows.forEach(System.out::println);
        checks.forEach(Runnable::run);
    }

    private static long expectedRebuilds(String name, JsonNode labels, SimulationReport report) {
        if (labels.path("events").size() > 0) {
            long sum = 0;
            for (JsonNode e : labels.path("events")) {
                sum += e.path("rebuilds").asLong();
            }
            return sum;
        }
        return CLIENT_REBUILDS.getOrDefault(name, report.observed().rebuilds());
    }

    private static void assertWithin5Percent(String name, SimulationReport report, long expected) {
        long simulated = report.policies().get(0).rebuilds();
        assertThat(report.policies().get(0).policy()).isEqualTo("as-is");
        assertThat((double) Math.abs(simulated - expected)).as("%s: as-is simulated %d rebuilds, the clients made %d",
                name, simulated, expected).isLessThanOrEqualTo(0.05 * expected);
    }

    private static String header() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-22s %8s %8s %7s", "capture", "clients", "observed",
                "rebuild"));
        for (String p : Policies.names()) {
            b.append(String.format(Locale.ROOT, " %14s", p.length() > 14 ? p.substring(0, 14) : p));
        }
        return b.toString();
    }

    private static String row(String name, long expected, SimulationReport r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-22s %8d %8d %5.1fms", name, expected,
                r.observed().rebuilds(), r.rebuildMs()));
        for (PolicyResult p : r.policies()) {
            b.append(String.format(Locale.ROOT, " %8d (%3d)", p.rebuilds(), p.peakConcurrentRebuilds()));
        }
        return b.toString();
    }

    private static SimulationReport simulate(Path capture, boolean gzip) throws IOException {
        CaptureSimulator simulator = new CaptureSimulator(AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, 4_000_000);
        try (InputStream raw = Files.newInputStream(capture); InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            simulator.read(capture.getFileName().toString(), in);
        }
        return simulator.simulate(Policies.all(), -1);
    }

    private static Path scenarios() throws URISyntaxException {
        return Path.of(RecordedCapturesTest.class.getResource("/scenarios").toURI());
    }
}
