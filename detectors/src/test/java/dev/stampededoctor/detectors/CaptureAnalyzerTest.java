package dev.stampededoctor.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.Report;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CaptureAnalyzerTest {

    private static Report analyze(AnalyzerOptions options, String... files) throws IOException {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(options);
        for (int i = 0; i < files.length; i++) {
            analyzer.read("f" + i, new ByteArrayInputStream(files[i].getBytes(StandardCharsets.UTF_8)));
        }
        return analyzer.report();
    }

    private static Report analyze(String... files) throws IOException {
        return analyze(AnalyzerOptions.defaults(), files);
    }

    @Test
    void counts_stampedes_as_they_close_and_the_most_read_keys_when_asked() throws IOException {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.countReadsPerKey();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(
                java.nio.file.Path.of("../examples/invalidation-stampede.monitor.log"))) {
            analyzer.read("example", in);
        }
        Report r = analyzer.report();
        assertThat(analyzer.alarmsSoFar()).isEqualTo((int) r.events().stream().filter(e -> e.isAlarm()).count())
                .isPositive();
        var hot = analyzer.hottestKeys(3);
        assertThat(hot).isNotEmpty();
        assertThat(new String(hot.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("product:42:detail");
        assertThat(hot.get(0).reads()).isGreaterThanOrEqualTo(hot.get(hot.size() - 1).reads());
        assertThat(new CaptureAnalyzer(AnalyzerOptions.defaults()).hottestKeys(3)).isEmpty();
    }

    @Test
    void counts_lines_commands_and_traffic_per_pattern() throws IOException {
        Report r = analyze("""
                OK
                1700000000.000001 [0 127.0.0.1:1] "GET" "user:1:profile"
                1700000000.000002 [0 127.0.0.1:2] "GET" "user:2:profile"
                1700000000.000003 [0 127.0.0.1:2] "SET" "user:2:profile" "{}" "EX" "60"
                1700000000.000004 [0 127.0.0.1:3] "DEL" "user:1:profile"
                1700000000.000005 [1 127.0.0.1:3] "MGET" "user:1:profile" "cart:77"
                1700000000.000006 [0 127.0.0.1:3] "PING"
                """);
        assertThat(r.input().lines()).isEqualTo(7);
        assertThat(r.input().parsed()).isEqualTo(6);
        assertThat(r.input().ignored()).isEqualTo(1);
        assertThat(r.input().commands()).containsExactly(
                java.util.Map.entry("GET", 2L), java.util.Map.entry("DEL", 1L), java.util.Map.entry("MGET", 1L),
                java.util.Map.entry("PING", 1L), java.util.Map.entry("SET", 1L));
        assertThat(r.stats().reads()).isEqualTo(4);
        assertThat(r.stats().fills()).isEqualTo(1);
        assertThat(r.stats().invalidations()).isEqualTo(1);
        assertThat(r.stats().distinctKeys()).isEqualTo(4);
        assertThat(r.stats().connections()).isEqualTo(3);
        assertThat(r.stats().patterns()).first().isEqualTo(new PatternStats(0, "user:*:profile", 2, 2, 1, 0.5, 1, 1, 0));
        assertThat(r.stats().patterns()).extracting(PatternStats::pattern)
                .containsExactlyInAnyOrder("user:*:profile", "user:*:profile", "cart:*");
        assertThat(r.input().timeSpan().first()).isEqualTo("2023-11-14T22:13:20.000001Z");
        assertThat(r.input().timeSpan().seconds()).isEqualTo(0.000005);
        assertThat(r.events()).isEmpty();
    }

    @Test
    void malformed_lines_are_counted_and_quoted_and_parsing_goes_on() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            sb.append("1.000000 [0 1.1.1.1:1] \"GET\" \"k\"\n");
            sb.append("junk line ").append(i).append("\u001b[2J\n");
        }
        Report r = analyze(AnalyzerOptions.defaults().withMaxBadLines(3), sb.toString());
        assertThat(r.input().parsed()).isEqualTo(30);
        assertThat(r.input().unparseable()).isEqualTo(30);
        assertThat(r.input().firstBadLines()).hasSize(3);
        assertThat(r.input().firstBadLines().get(1).line()).isEqualTo(4);
        assertThat(r.input().firstBadLines().get(1).text()).isEqualTo("junk line 1\\x1b[2J");
        assertThat(r.input().firstBadLines().get(1).reason()).contains("timestamp");
    }

    @Test
    void several_inputs_are_one_capture_and_order_problems_are_counted() throws IOException {
        Report r = analyze("5.000000 [0 1.1.1.1:1] \"GET\" \"k\"\n", "4.000000 [0 1.1.1.1:1] \"GET\" \"k\"\n");
        assertThat(r.input().files()).hasSize(2);
        assertThat(r.input().files().get(1).name()).isEqualTo("f1");
        assertThat(r.stats().reads()).isEqualTo(2);
        assertThat(r.stats().distinctKeys()).isEqualTo(1);
        assertThat(r.input().timestampsOutOfOrder()).isEqualTo(1);
    }

    @Test
    void exactly_as_many_keys_as_the_limit_is_not_past_it() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            sb.append("1.000000 [0 1.1.1.1:1] \"GET\" \"item:").append(i % 10).append("\"\n");
        }
        Report r = analyze(AnalyzerOptions.defaults().withMaxKeys(10), sb.toString());
        assertThat(r.stats().distinctKeys()).isEqualTo(10);
        assertThat(r.stats().keyLimitReached()).isFalse();
    }

    @Test
    void past_the_key_limit_traffic_is_still_counted_per_pattern() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append("1.000000 [0 1.1.1.1:1] \"GET\" \"item:").append(i).append("\"\n");
        }
        Report r = analyze(AnalyzerOptions.defaults().withMaxKeys(10), sb.toString());
        assertThat(r.stats().keyLimitReached()).isTrue();
        assertThat(r.stats().distinctKeys()).isEqualTo(10);
        assertThat(r.stats().patterns()).singleElement().satisfies(p -> {
            assertThat(p.pattern()).isEqualTo("item:*");
            assertThat(p.reads()).isEqualTo(100);
        });
    }

    @Test
    void flushes_are_counted_and_do_not_disturb_key_counts() throws IOException {
        Report r = analyze("""
                1.000000 [0 1.1.1.1:1] "GET" "a:1"
                1.000001 [0 1.1.1.1:1] "FLUSHALL"
                1.000002 [0 1.1.1.1:1] "GET" "b:1"
                1.000003 [3 1.1.1.1:1] "FLUSHDB"
                1.000004 [0 1.1.1.1:1] "GET" "b:1"
                1.000005 [0 1.1.1.1:1] "GET" ""
                1.000006 [0 1.1.1.1:1] "GET" "c:1"
                1.000007 [0 1.1.1.1:1] "GET" "c:1"
                """);
        assertThat(r.stats().flushes()).isEqualTo(2);
        assertThat(r.stats().reads()).isEqualTo(6);
        assertThat(r.stats().distinctKeys()).isEqualTo(4);
        assertThat(r.stats().patterns()).filteredOn(p -> p.pattern().equals("c:*"))
                .singleElement().satisfies(p -> assertThat(p.keys()).isEqualTo(1));
    }

    @Test
    void a_file_without_any_command_parses_nothing() throws IOException {
        Report r = analyze("hello\nworld\n");
        assertThat(r.input().parsed()).isZero();
        assertThat(r.input().unparseable()).isEqualTo(2);
        assertThat(r.input().timeSpan()).isNull();
    }
}
