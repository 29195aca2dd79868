package dev.stampededoctor.cli.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.detectors.db.DbSample;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The saved PostgreSQL samples of a scan: one JSON {@link DbSample} per line
 * ({@code {"at": µs, "rows": [{"pid", "queryId", "query", "queryStart": µs}]}}), read back by
 * {@code analyze --pg-samples}.
 */
public final class SampleFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleFiles() {
    }

    public static void write(Path file, List<DbSample> samples) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (DbSample s : samples) {
                w.write(JSON.writeValueAsString(s));
                w.write('\n');
            }
        }
    }

    public static List<DbSample> read(Path file) {
        List<DbSample> samples = new ArrayList<>();
        long lineNumber = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    samples.add(JSON.readValue(line, DbSample.class));
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot read PostgreSQL samples from " + file + (lineNumber > 0 ? " (line "
                    + lineNumber + ")" : "") + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return samples;
    }

    /** The median time between samples, in ms (0 with fewer than two). */
    public static double intervalMs(List<DbSample> samples) {
        if (samples.size() < 2) {
            return 0;
        }
        long[] gaps = new long[samples.size() - 1];
        for (int i = 1; i < samples.size(); i++) {
            gaps[i - 1] = samples.get(i).at() - samples.get(i - 1).at();
        }
        Arrays.sort(gaps);
        return gaps[gaps.length / 2] / 1000.0;
    }
}
