package dev.stampededoctor.detectors.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.Report;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveSnapshotTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Hands out the segments one after the other, taking a snapshot between them, as a live source does. */
    private static final class Segmented extends InputStream {
        private final List<byte[]> segments = new ArrayList<>();
        private final CaptureAnalyzer analyzer;
        final List<LiveSnapshot> snapshots = new ArrayList<>();
        private int segment;
        private int at;

        Segmented(CaptureAnalyzer analyzer, List<String> parts) {
            this.analyzer = analyzer;
            parts.forEach(p -> segments.add(p.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (segment < segments.size() && at == segments.get(segment).length) {
                snapshots.add(analyzer.snapshot(10)); // every line handed out so far was taken in
                segment++;
                at = 0;
            }
            if (segment == segments.size()) {
                return -1;
            }
            byte[] s = segments.get(segment);
            int n = Math.min(len, s.length - at);
            System.arraycopy(s, at, b, off, n);
            at += n;
            return n;
        }
    }

    private static String lines(double from, String format, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(String.format(java.util.Locale.ROOT, "%.6f ", from + i * 0.001)).append(String.format(format, i, i))
                    .append('\n');
        }
        return sb.toString();
    }

    @Test
    void shows_a_stampede_while_it_runs_and_its_incident_once_it_closed() throws IOException {
        String warm = "OK\n1700000000.000000 [0 10.0.0.9:7000] \"SET\" \"price:sku-1\" \"9\" \"EX\" \"600\"\n"
                + lines(1700000000.1, "[0 10.0.0.%d:6000] \"GET\" \"price:sku-1\"", 20);
        String del = "1700000001.000000 [0 10.0.0.9:7000] \"DEL\" \"price:sku-1\"\n"
                + lines(1700000001.01, "[0 10.0.0.%d:6000] \"GET\" \"price:sku-1\"", 6);
        String fills = lines(1700000001.2, "[0 10.0.0.%d:6000] \"SET\" \"price:sku-1\" \"9\" \"EX\" \"600\"", 6);
        String later = lines(1700000020.0, "[0 10.0.0.%d:6000] \"GET\" \"price:sku-1\"", 3);
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        Segmented in = new Segmented(analyzer, List.of(warm, del, fills, later));
        analyzer.read("live", in);
        Report report = analyzer.report();

        assertThat(in.snapshots).hasSize(4);
        LiveSnapshot afterWarm = in.snapshots.get(0);
        assertThat(afterWarm.commands()).isEqualTo(21);
        assertThat(afterWarm.inProgress()).isEmpty();
        assertThat(afterWarm.misses()).isZero();

        LiveSnapshot duringMisses = in.snapshots.get(1);
        assertThat(duringMisses.commands()).isEqualTo(28);
        assertThat(duringMisses.misses()).isEqualTo(6);
        assertThat(duringMisses.inProgress()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo("price:sku-1");
            assertThat(s.trigger()).isEqualTo("DEL");
            assertThat(s.triggerLine()).contains("\"DEL\" \"price:sku-1\"");
            assertThat(s.misses()).isEqualTo(6);
            assertThat(s.rebuilds()).isZero();
            assertThat(s.connections()).isEqualTo(6);
            assertThat(s.refilled()).isFalse();
        });
        assertThat(duringMisses.incidents()).isEmpty();
        // Per-key counts begin with the first snapshot: the six misses after it.
        assertThat(duringMisses.hotKeys()).singleElement().satisfies(k -> {
            assertThat(k.reads()).isEqualTo(6);
            assertThat(k.misses()).isEqualTo(6);
            assertThat(k.ttlLeftMicros()).isEqualTo(-1);
        });
        assertThat(duringMisses.patterns()).singleElement().satisfies(p -> {
            assertThat(p.pattern()).isEqualTo("price:sku-*");
            assertThat(p.reads()).isEqualTo(26);
            assertThat(p.misses()).isEqualTo(6);
        });

        LiveSnapshot rebuilt = in.snapshots.get(2);
        assertThat(rebuilt.inProgress()).singleElement().satisfies(s -> {
            assertThat(s.rebuilds()).isEqualTo(6);
            assertThat(s.refilled()).isTrue();
        });
        assertThat(rebuilt.hotKeys().get(0).ttlLeftMicros()).isBetween(599_000_000L, 600_000_000L);

        LiveSnapshot closed = in.snapshots.get(3);
        assertThat(closed.inProgress()).isEmpty();
        assertThat(closed.incidents()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo("invalidation-stampede");
            assertThat(i.rebuilds()).isEqualTo(6);
        });
        assertThat(closed.events()).hasSize(1);
        assertThat(report.incidents()).hasSize(1);
        assertThat(JSON.writeValueAsString(closed.incidents()))
                .isEqualTo(JSON.writeValueAsString(report.incidents()));
    }

    @Test
    void snapshots_leave_the_report_as_it_would_have_been() throws IOException {
        Path example = Path.of("../examples/invalidation-stampede.monitor.log");
        byte[] capture = Files.readAllBytes(example);
        CaptureAnalyzer plain = new CaptureAnalyzer(AnalyzerOptions.defaults());
        plain.read("example", new ByteArrayInputStream(capture));
        String expected = JSON.writeValueAsString(plain.report());

        List<String> parts = new ArrayList<>(); // cut after every 7th line
        String text = new String(capture, StandardCharsets.UTF_8);
        int from = 0;
        int newlines = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n' && ++newlines % 7 == 0) {
                parts.add(text.substring(from, i + 1));
                from = i + 1;
            }
        }
        parts.add(text.substring(from));
        CaptureAnalyzer watched = new CaptureAnalyzer(AnalyzerOptions.defaults());
        Segmented in = new Segmented(watched, parts);
        watched.read("example", in);
        assertThat(JSON.writeValueAsString(watched.report())).isEqualTo(expected);
        assertThat(in.snapshots).hasSizeGreaterThan(10);
        assertThat(in.snapshots).anySatisfy(s -> assertThat(s.inProgress()).isNotEmpty());
        assertThat(in.snapshots.get(in.snapshots.size() - 1).commands()).isEqualTo(plain.parsedSoFar());
        for (int i = 1; i < in.snapshots.size(); i++) {
            assertThat(in.snapshots.get(i).commands()).isGreaterThanOrEqualTo(in.snapshots.get(i - 1).commands());
            assertThat(in.snapshots.get(i).misses()).isGreaterThanOrEqualTo(in.snapshots.get(i - 1).misses());
        }
    }
}
