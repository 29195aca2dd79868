package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation fuzzer over {@code analyze --pg-samples}: the samples file a scan saves,
 * mutated line by line (bytes flipped, lines cut, dropped, duplicated, swapped, numbers pushed to
 * their extremes, fields removed, retyped or nulled, unknown fields added), read beside the
 * capture it belongs to. Every run must give a report (exit 0 or 1) whose database section counts
 * what was read, or a one-line error (exit 2) naming nothing of the code; never an unexpected
 * error. Bounded by count with a seed per run, so a failure names the mutation;
 * {@code -Dfuzz.runs=N} runs more.
 */
class MutatedPgSamplesTest {
    private static final int RUNS = Integer.getInteger("fuzz.runs", 250);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] EXTREMES = {"9223372036854775807", "-9223372036854775808", "0", "-1",
        "18446744073709551616", "1e309", "-0.5", "99999999999999999999999", "\"12\"", "null", "true", "[]", "{}"};
    private static final String[] FIELDS = {"\"at\"", "\"rows\"", "\"pid\"", "\"queryId\"", "\"query\"", "\"queryStart\""};

    @TempDir
    Path dir;

    /** Samples every 10 ms over the capture's 1.5 s; six rebuild queries while the stampede lasts. */
    static List<String> samples() {
        List<String> lines = new ArrayList<>();
        for (long at = 1_800_000_000_000_000L; at < 1_800_000_001_500_000L; at += 10_000) {
            boolean rebuilding = at > 1_800_000_001_005_000L && at < 1_800_000_001_130_000L;
            StringBuilder b = new StringBuilder("{\"at\": ").append(at).append(", \"rows\": [");
            for (int i = 0; rebuilding && i < 6; i++) {
                b.append(i == 0 ? "" : ", ").append("{\"pid\": ").append(100 + i).append(", \"queryId\": ")
                        .append(i % 2 == 0 ? "null" : "-7014") // pg_stat_statements ids are signed
                        .append(", \"query\": \"select body from pages where id = $1\", \"queryStart\": ")
                        .append(1_800_000_001_006_000L).append('}');
            }
            lines.add(b.append("]}").toString());
        }
        return lines;
    }

    static List<String> mutate(List<String> original, SplittableRandom r) {
        List<String> lines = new ArrayList<>(original);
        int times = 1 + r.nextInt(12);
        for (int t = 0; t < times && !lines.isEmpty(); t++) {
            int i = r.nextInt(lines.size());
            String line = lines.get(i);
            switch (r.nextInt(10)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, line);
                case 2 -> {
                    int j = r.nextInt(lines.size());
                    lines.set(i, lines.get(j));
                    lines.set(j, line);
                }
                case 3 -> {
                    if (!line.isEmpty()) {
                        char[] c = line.toCharArray();
                        c[r.nextInt(c.length)] = (char) r.nextInt(256);
                        lines.set(i, new String(c));
                    }
                }
                case 4 -> lines.set(i, line.substring(0, r.nextInt(line.length() + 1)));
                case 5 -> lines.set(i, line.replaceFirst("(-?\\d{2,})", EXTREMES[r.nextInt(EXTREMES.length)]));
                case 6 -> lines.set(i, line.replaceFirst("(" + FIELDS[r.nextInt(FIELDS.length)] + ": )[^,}\\]]*",
                        "$1" + EXTREMES[r.nextInt(EXTREMES.length)]));
                case 7 -> lines.set(i, line.replaceFirst(FIELDS[r.nextInt(FIELDS.length)], "\"renamed\""));
                case 8 -> lines.set(i, line.replaceFirst("\\{", "{\"addedLater\": {\"x\": [1, 2]}, "));
                default -> lines.set(i, line.replace("\"rows\": [", "\"rows\": [null, "));
            }
        }
        return lines;
    }

    @Test
    void mutated_samples_give_a_report_or_one_clear_line() throws Exception {
        Path capture = Files.writeString(dir.resolve("capture.log"), StampedeCapture.on("page:1"));
        List<String> original = samples();
        long seed0 = Long.getLong("fuzz.seed", System.nanoTime());
        int reports = 0;
        for (int run = 0; run < RUNS; run++) {
            long seed = seed0 + run;
            List<String> lines = mutate(original, new SplittableRandom(seed));
            Path file = dir.resolve("pg-" + run + ".jsonl");
            Files.write(file, String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1));
            CliRun analyzed = CliRun.of("analyze", "-f", "json", "--pg-samples", file.toString(), capture.toString());
            String why = "seed " + seed + " (-Dfuzz.seed=" + seed + " -Dfuzz.runs=1)\n" + analyzed;
            assertThat(analyzed.err()).as(why).doesNotContain("unexpected error", "Exception", "dev.stampededoctor",
                    "java.", "\tat ");
            assertThat(analyzed.exitCode()).as(why).isIn(ExitCode.OK, ExitCode.FOUND, ExitCode.USAGE);
            if (analyzed.exitCode() == ExitCode.USAGE) {
                assertThat(analyzed.err().strip()).as(why).doesNotContain("\n").startsWith("stampede-doctor: ");
                continue;
            }
            reports++;
            JsonNode database = JSON.readTree(analyzed.out()).path("database");
            long nonBlank = lines.stream().filter(l -> !l.isBlank()).count();
            assertThat(database.path("samples").asLong()).as(why).isPositive().isLessThanOrEqualTo(nonBlank);
        }
        assertThat(reports).as("most mutations leave samples to read").isGreaterThan(RUNS / 2);
        Files.deleteIfExists(capture);
    }
}
