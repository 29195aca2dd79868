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
    /** Fields a later version adds are no reason to refuse a file. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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

    /**
     * What a samples file held: the samples, and the lines skipped as unreadable (a torn last line
     * of a killed scan, a damaged one), with the first of them.
     */
    public record Loaded(List<DbSample> samples, long badLines, long firstBadLine) {
        /** A note for the report when lines were skipped, else null. */
        public String note(Path file) {
            return badLines == 0 ? null : String.format(java.util.Locale.ROOT,
                    "%,d unreadable line(s) of %s skipped (the first: line %,d).", badLines, file, firstBadLine);
        }
    }

    /**
     * Reads a samples file as MONITOR lines are read: a line that is not a sample (torn, damaged,
     * not UTF-8) is skipped and counted, unknown fields are ignored; only a file with no sample at
     * all, or none to read, is an error.
     */
    public static Loaded read(Path file) {
        List<DbSample> samples = new ArrayList<>();
        long lineNumber = 0;
        long bad = 0;
        long firstBad = 0;
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), utf8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                DbSample s = parse(line);
                if (s == null) {
                    bad++;
                    firstBad = firstBad == 0 ? lineNumber : firstBad;
                } else {
                    samples.add(s);
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot read PostgreSQL samples from " + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage())), e);
        }
        if (samples.isEmpty() && bad > 0) {
            throw new UsageException("no PostgreSQL sample in " + file + ": " + bad + " line(s), none of them a sample"
                    + " (expected the pg-samples.jsonl that scan --save writes)");
        }
        return new Loaded(samples, bad, firstBad);
    }

    private static DbSample parse(String line) {
        try {
            DbSample s = JSON.readValue(line, DbSample.class);
            if (s == null || s.at() <= 0 || s.rows() == null || s.rows().contains(null)) {
                return null;
            }
            // A backend without query text (a damaged line, an older writer) is still a backend.
            return s.rows().stream().allMatch(r -> r.query() != null) ? s : new DbSample(s.at(), s.rows().stream()
                    .map(r -> r.query() != null ? r : new DbSample.Row(r.pid(), r.queryId(), "", r.queryStart())).toList());
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
