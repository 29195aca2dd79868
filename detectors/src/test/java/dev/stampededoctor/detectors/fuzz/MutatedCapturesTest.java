package dev.stampededoctor.detectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.simulate.CaptureSimulator;
import dev.stampededoctor.detectors.simulate.Policies;
import dev.stampededoctor.detectors.simulate.SimulationReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over the MONITOR parser, the detectors and simulate: captures of the
 * labelled suite, cut into lines and mutated (bytes flipped, lines dropped, duplicated, swapped,
 * timestamps moved back, numbers pushed to their extremes), must each give a report from analyze
 * and from simulate, never an exception. Bounded by count, with a fixed seed per run so that a
 * failure names the mutation that caused it; {@code -Dfuzz.runs=N} runs more.
 */
class MutatedCapturesTest {
    private static final int RUNS = Integer.getInteger("fuzz.runs", 400);
    private static final String[] EXTREMES = {"9223372036854775807", "-9223372036854775808", "0", "-1",
        "18446744073709551616", "1e309", "NaN", "99999999999999999999999"};

    private static List<byte[]> corpus() throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (var files = Files.list(Path.of("src/test/resources/scenarios"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".monitor.log.gz")).sorted().toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                    byte[] all = in.readAllBytes();
                    // The first 200 lines of each: small inputs, many runs.
                    String text = new String(all, StandardCharsets.ISO_8859_1);
                    int end = 0;
                    for (int n = 0; n < 200 && end >= 0 && end < text.length(); n++) {
                        end = text.indexOf('\n', end + 1);
                    }
                    out.add(text.substring(0, end < 0 ? text.length() : end + 1).getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        }
        out.add(Files.readAllBytes(Path.of("../examples/invalidation-stampede.monitor.log")));
        return out;
    }

    /** One mutation of {@code capture}, as lines; each kind is as likely as the others. */
    static byte[] mutate(byte[] capture, SplittableRandom r) {
        List<String> lines = new ArrayList<>(List.of(new String(capture, StandardCharsets.ISO_8859_1).split("\n", -1)));
        int times = 1 + r.nextInt(8);
        for (int t = 0; t < times && !lines.isEmpty(); t++) {
            int i = r.nextInt(lines.size());
            String line = lines.get(i);
            switch (r.nextInt(8)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, line);
                case 2 -> {
                    int j = r.nextInt(lines.size());
                    lines.set(i, lines.get(j));
                    lines.set(j, line);
                }
                case 3 -> { // a byte flipped
                    if (!line.isEmpty()) {
                        char[] c = line.toCharArray();
                        c[r.nextInt(c.length)] = (char) r.nextInt(256);
                        lines.set(i, new String(c));
                    }
                }
                case 4 -> lines.set(i, line.substring(0, r.nextInt(line.length() + 1))); // cut
                case 5 -> lines.set(i, line.replaceFirst("^(\\d+)", String.valueOf(1_795_000_000L - r.nextInt(100_000))));
                case 6 -> lines.set(i, line.replaceFirst("\"(\\d+)\"", "\"" + EXTREMES[r.nextInt(EXTREMES.length)] + "\""));
                default -> lines.set(i, line + " \"EX\" \"" + EXTREMES[r.nextInt(EXTREMES.length)] + "\"");
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void mutated_captures_always_give_a_report_from_analyze_and_from_simulate() throws IOException {
        List<byte[]> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThan(10);
        long seed = Long.getLong("fuzz.seed", 20261202L);
        SplittableRandom random = new SplittableRandom(seed);
        for (int run = 0; run < RUNS; run++) {
            byte[] input = mutate(corpus.get(random.nextInt(corpus.size())), random.split());
            String what = "run " + run + " of seed " + seed;
            assertThatCode(() -> {
                CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
                analyzer.read("fuzz", new ByteArrayInputStream(input));
                Report report = analyzer.report();
                assertThat(report.input().lines()).isPositive();
                CaptureSimulator simulator = new CaptureSimulator(AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, 100_000);
                simulator.read("fuzz", new ByteArrayInputStream(input));
                SimulationReport simulated = simulator.simulate(Policies.all(), -1);
                assertThat(simulated).isNotNull();
            }).as(what).doesNotThrowAnyException();
        }
    }

    @Test
    void the_regressions_the_fuzzer_found_stay_fixed() throws IOException {
        String olderSecondLine = "OK\n1795461941.500000 [0 127.0.0.1:1] \"GET\" \"k\"\n"
                + "1795461941.100000 [0 127.0.0.1:2] \"SET\" \"k\" \"v\"\n";
        String longestEx = "OK\n1795461941.500000 [0 127.0.0.1:1] \"SET\" \"k\" \"v\" \"GET\" \"EX\" \"9223372036854775807\"\n";
        for (String capture : List.of(olderSecondLine, longestEx)) {
            CaptureSimulator simulator = new CaptureSimulator(AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, 100_000);
            simulator.read("regression", new ByteArrayInputStream(capture.getBytes(StandardCharsets.UTF_8)));
            assertThatCode(() -> simulator.simulate(Policies.all(), -1)).as(capture).doesNotThrowAnyException();
        }
    }
}
