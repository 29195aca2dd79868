package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.command.AnalyzeCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
    private static final Path EXAMPLE = Path.of("../examples/invalidation-stampede.monitor.log");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode json(CliRun run) throws IOException {
        return JSON.readTree(run.out());
    }

    /**
     * The bundled tcpdump capture (examples/record-invalidation-stampede-pcap.py recorded it): its
     * clients counted 8 misses and 8 rebuilds after the writer's DEL, each reply read on the wire.
     */
    @Test
    void the_bundled_packet_capture_shows_the_stampede_its_clients_counted() throws IOException {
        CliRun run = CliRun.of("analyze", "--format", "json", "../examples/invalidation-stampede.pcap");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        assertThat(run.err()).isEmpty();
        JsonNode report = json(run);
        JsonNode packets = report.path("input").path("files").get(0).path("packets");
        assertThat(packets.path("connections").asInt()).isEqualTo(10); // 8 readers, the writer, the cart service
        assertThat(packets.path("commands").asLong()).isEqualTo(packets.path("replied").asLong()).isEqualTo(115);
        assertThat(packets.path("pairingFailures").asLong()).isZero();
        assertThat(packets.path("gaps").asLong()).isZero();
        JsonNode events = report.path("events");
        assertThat(events).hasSize(1);
        JsonNode e = events.get(0);
        assertThat(e.path("kind").asText()).isEqualTo("invalidation-stampede");
        assertThat(e.path("key").asText()).isEqualTo("product:42:detail");
        assertThat(e.path("trigger").path("command").asText()).isEqualTo("DEL");
        assertThat(e.path("misses").asLong()).isEqualTo(8);
        assertThat(e.path("rebuilds").asLong()).isEqualTo(8);
        assertThat(e.path("recommendations").get(0).path("action").asText()).isEqualTo("write-through");
    }

    @Test
    void the_bundled_example_gives_a_json_report_and_nothing_on_stderr() throws IOException {
        CliRun run = CliRun.of("analyze", "--format", "json", EXAMPLE.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        assertThat(run.err()).isEmpty();
        JsonNode report = json(run);
        assertThat(report.path("reportVersion").asInt()).isEqualTo(3);
        assertThat(report.path("incidents")).hasSize(1);
        assertThat(report.path("incidents").get(0).path("rank").asInt()).isEqualTo(1);
        assertThat(report.path("verdict").path("alarms").asInt()).isEqualTo(1);
        assertThat(report.path("input").path("unparseable").asLong()).isZero();
        assertThat(report.path("input").path("parsed").asLong()).isEqualTo(131);
        assertThat(report.path("stats").path("patterns").get(0).path("pattern").asText()).isEqualTo("product:*:detail");
        assertThat(report.path("stats").path("transactions").asLong()).isEqualTo(1);
        JsonNode events = report.path("events");
        assertThat(events).hasSize(1);
        JsonNode e = events.get(0);
        assertThat(e.path("kind").asText()).isEqualTo("invalidation-stampede");
        assertThat(e.path("key").asText()).isEqualTo("product:42:detail");
        assertThat(e.path("keyPattern").asText()).isEqualTo("product:*:detail");
        assertThat(e.path("trigger").path("command").asText()).isEqualTo("DEL");
        assertThat(e.path("trigger").path("connection").asText()).isEqualTo("127.0.0.1:39332");
        // Exact to the microsecond, written as a plain decimal number.
        assertThat(e.path("trigger").path("at").decimalValue()).isEqualByComparingTo("1795461941.068714");
        assertThat(e.path("misses").asLong()).isEqualTo(6);
        assertThat(e.path("rebuilds").asLong()).isEqualTo(6);
        assertThat(e.path("keys").isNull()).isTrue();
        assertThat(e.path("recommendations").get(0).path("action").asText()).isEqualTo("write-through");
    }

    @Test
    void the_bundled_ttl_herd_example_is_a_herd_at_the_computed_expiry() throws IOException {
        // Recorded from real Redis with eight cache-aside clients rebuilding from PostgreSQL,
        // each of which saw one miss and made one rebuild.
        CliRun run = CliRun.of("analyze", "--format", "json", "../examples/ttl-herd.monitor.log");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        JsonNode e = json(run).path("events").get(0);
        assertThat(e.path("kind").asText()).isEqualTo("ttl-herd");
        assertThat(e.path("key").asText()).isEqualTo("home:feed:v2");
        // SET … PX 700 at 1795508799.868247
        assertThat(e.path("trigger").path("at").decimalValue()).isEqualByComparingTo("1795508800.568247");
        assertThat(e.path("misses").asLong()).isEqualTo(8);
        assertThat(e.path("rebuilds").asLong()).isEqualTo(8);
    }

    @Test
    void output_writes_the_report_to_a_file_in_the_format_its_extension_names() throws IOException {
        Path html = tmp.resolve("report.html");
        CliRun run = CliRun.of("analyze", "--output", html.toString(), EXAMPLE.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("6 misses and 6 rebuilds");
        Path md = tmp.resolve("report.md");
        CliRun.of("analyze", "-o", md.toString(), EXAMPLE.toString());
        assertThat(Files.readString(md)).startsWith("# stampede-doctor report");
        // --format wins over the extension; an unknown extension is JSON, as for a pipe.
        Path other = tmp.resolve("report.out");
        CliRun.of("analyze", "-o", other.toString(), EXAMPLE.toString());
        assertThat(Files.readString(other)).startsWith("{");
        CliRun.of("analyze", "-o", md.toString(), "--format", "json", EXAMPLE.toString());
        assertThat(Files.readString(md)).startsWith("{");
    }

    @Test
    void output_into_a_missing_directory_fails_before_reading_anything() {
        CliRun run = CliRun.of("analyze", "--output", tmp.resolve("no/such/dir/r.html").toString(), EXAMPLE.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--output", "no such directory");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void min_rebuilds_sets_the_alarm_threshold_and_refuses_one() {
        CliRun quiet = CliRun.of("analyze", "--format", "json", "--min-rebuilds", "7", EXAMPLE.toString());
        assertThat(quiet.exitCode()).as("%s", quiet).isEqualTo(ExitCode.OK);
        CliRun one = CliRun.of("analyze", "--min-rebuilds", "1", EXAMPLE.toString());
        assertThat(one.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(one.err().strip()).contains("--min-rebuilds").doesNotContain("\n");
    }

    @Test
    void text_and_markdown_reports_are_pinned() {
        CliRun text = CliRun.of("analyze", "--format", "text", EXAMPLE.toString());
        assertThat(text.exitCode()).isEqualTo(ExitCode.FOUND);
        Golden.assertMatches("analyze-example.txt", text.out().replace(EXAMPLE.toString(), "EXAMPLE"));
        CliRun md = CliRun.of("analyze", "--format", "markdown", EXAMPLE.toString());
        assertThat(md.exitCode()).isEqualTo(ExitCode.FOUND);
        Golden.assertMatches("analyze-example.md", md.out().replace(EXAMPLE.toString(), "EXAMPLE"));
    }

    @Test
    void reads_gzip_by_content_and_several_files_in_order() throws IOException {
        Path gz = tmp.resolve("part1.log.not-named-gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("1700000000.000001 [0 1.2.3.4:5] \"GET\" \"a:1\"\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path plain = Files.writeString(tmp.resolve("part2.log"), "1700000001.000001 [0 1.2.3.4:5] \"DEL\" \"a:1\"\n");
        CliRun run = CliRun.of("analyze", "-f", "json", gz.toString(), plain.toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        JsonNode report = json(run);
        assertThat(report.path("input").path("files")).hasSize(2);
        assertThat(report.path("stats").path("reads").asLong()).isEqualTo(1);
        assertThat(report.path("stats").path("invalidations").asLong()).isEqualTo(1);
        assertThat(report.path("input").path("timestampsOutOfOrder").asLong()).isZero();
    }

    @Test
    void a_missing_file_is_exit_2_with_one_line() {
        CliRun run = CliRun.of("analyze", tmp.resolve("nope.log").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("stampede-doctor: no such file: ").hasLineCount(1);
    }

    @Test
    void a_directory_is_exit_2() {
        CliRun run = CliRun.of("analyze", tmp.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("is a directory").hasLineCount(1);
    }

    @Test
    void input_without_any_monitor_line_is_exit_2() throws IOException {
        Path junk = Files.write(tmp.resolve("junk.bin"), new byte[64 * 1024]);
        CliRun run = CliRun.of("analyze", junk.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("no MONITOR line found").hasLineCount(1);
    }

    @Test
    void a_corrupt_gzip_is_exit_2_without_a_stack_trace() throws IOException {
        byte[] bad = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5};
        Path gz = Files.write(tmp.resolve("bad.gz"), bad);
        CliRun run = CliRun.of("analyze", gz.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("stampede-doctor: could not read").doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    void verbose_adds_the_stack_trace() {
        CliRun run = CliRun.of("--verbose", "analyze", tmp.resolve("nope.log").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("\tat ");
    }

    @Test
    void a_gzip_capture_cut_short_is_reported_up_to_the_cut_with_a_warning() throws IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(whole)) {
            for (int i = 0; i < 20_000; i++) {
                out.write(String.format("1700000000.%06d [0 1.2.3.4:5] \"GET\" \"a:%d\"%n", i, i % 100)
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] bytes = whole.toByteArray();
        Path cut = Files.write(tmp.resolve("cut.log.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliRun run = CliRun.of("analyze", "-f", "json", cut.toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.err()).startsWith("warning: " + cut + ": the gzip stream is cut short").hasLineCount(1);
        JsonNode file = json(run).path("input").path("files").get(0);
        assertThat(file.path("parsed").asLong()).isBetween(1_000L, 19_999L);
        assertThat(file.path("endedEarly").asText()).contains("cut short");
    }

    private static byte[] gzipOf(int from, int to) throws IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(whole)) {
            for (int i = from; i < to; i++) {
                out.write(String.format("1700000000.%06d [0 1.2.3.4:5] \"GET\" \"a:%d\"%n", i, i % 100)
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
        return whole.toByteArray();
    }

    @Test
    void bytes_after_a_gzip_stream_are_named_not_dropped_in_silence() throws IOException {
        for (int garbage : new int[] {1, 2, 20, 300_000}) {
            byte[] tail = new byte[garbage];
            java.util.Arrays.fill(tail, (byte) 'x');
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(gzipOf(0, 5_000));
            file.write(tail);
            Path f = Files.write(tmp.resolve("tail-" + garbage + ".log.gz"), file.toByteArray());
            CliRun run = CliRun.of("analyze", "-f", "json", f.toString());
            assertThat(run.exitCode()).as("%s", run).isZero();
            assertThat(run.err()).as("%d bytes", garbage)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "warning: %s: the gzip stream ends before the file"
                            + " does: %,d byte(s) after it are not gzip and were not read; the report covers the lines"
                            + " before%n", f, garbage));
            JsonNode input = json(run).path("input").path("files").get(0);
            assertThat(input.path("parsed").asLong()).isEqualTo(5_000);
            assertThat(input.path("endedEarly").asText()).contains("not gzip");
        }
    }

    @Test
    void concatenated_gzip_members_are_read_whole_without_a_warning() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(gzipOf(0, 3_000));
        file.write(gzipOf(3_000, 7_000));
        Path f = Files.write(tmp.resolve("two.log.gz"), file.toByteArray());
        CliRun run = CliRun.of("analyze", "-f", "json", f.toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(json(run).path("input").path("files").get(0).path("parsed").asLong()).isEqualTo(7_000);
    }

    @Test
    void a_line_limit_beyond_the_heap_is_refused_before_reading() {
        long heap = 32L << 20;
        assertThat(AnalyzeCommand.lineLimitProblem(8L << 20, heap)).isNull();
        assertThat(AnalyzeCommand.lineLimitProblem(50_000_000, heap))
                .contains("--max-line-bytes 50000000").contains("32 MB").contains("-Xmx");
    }

    @Test
    void a_fifo_is_read_once_and_its_advice_ranked_by_cause_instead_of_waiting_for_a_second_writer() throws Exception {
        Path fifo = tmp.resolve("capture.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Thread writer = new Thread(() -> {
            try {
                Files.write(fifo, Files.readAllBytes(EXAMPLE)); // one writer, as `cat x > fifo` or <(…)
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "fifo-writer");
        writer.setDaemon(true);
        writer.start();
        java.util.concurrent.CompletableFuture<CliRun> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> CliRun.of("analyze", "--format", "json", fifo.toString()));
        CliRun done = run.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(done.exitCode()).as("%s", done).isEqualTo(ExitCode.FOUND);
        JsonNode incident = json(done).path("incidents").get(0);
        assertThat(incident.path("adviceRankedBy").asText()).isEqualTo("rule");
        assertThat(json(done).path("events").get(0).path("misses").asLong()).isEqualTo(6);
    }

    @Test
    void a_utf8_byte_order_mark_before_the_first_line_is_not_a_malformed_line() throws IOException {
        Path bom = tmp.resolve("bom.log");
        byte[] capture = Files.readAllBytes(EXAMPLE);
        byte[] marked = new byte[capture.length + 3];
        marked[0] = (byte) 0xEF;
        marked[1] = (byte) 0xBB;
        marked[2] = (byte) 0xBF;
        System.arraycopy(capture, 0, marked, 3, capture.length);
        Files.write(bom, marked);
        JsonNode input = json(CliRun.of("analyze", "--format", "json", bom.toString())).path("input");
        JsonNode plain = json(CliRun.of("analyze", "--format", "json", EXAMPLE.toString())).path("input");
        assertThat(input.path("unparseable").asLong()).isZero();
        assertThat(input.path("parsed").asLong()).isEqualTo(plain.path("parsed").asLong());
        assertThat(input.path("timeSpan")).isEqualTo(plain.path("timeSpan"));
        assertThat(input.path("ignored")).isEqualTo(plain.path("ignored"));
    }

    @Test
    void a_file_given_twice_or_as_the_output_is_refused_before_anything_is_read_or_written() throws IOException {
        Path capture = tmp.resolve("capture.log");
        Files.copy(EXAMPLE, capture);
        CliRun twice = CliRun.of("analyze", capture.toString(), tmp.resolve(".").resolve("capture.log").toString());
        assertThat(twice.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(twice.err()).contains("is given twice").hasLineCount(1);
        CliRun over = CliRun.of("analyze", "-o", capture.toString(), capture.toString());
        assertThat(over.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(over.err()).contains("is the input").hasLineCount(1);
        assertThat(Files.readAllBytes(capture)).as("the capture is intact").isEqualTo(Files.readAllBytes(EXAMPLE));
        CliRun simulate = CliRun.of("simulate", "-o", capture.toString(), capture.toString());
        assertThat(simulate.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(Files.readAllBytes(capture)).isEqualTo(Files.readAllBytes(EXAMPLE));
    }

    @Test
    void stdin_may_be_given_once_only() {
        CliRun run = CliRun.of("analyze", "-", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("only once");
    }

    @Test
    void a_bad_format_is_a_usage_error_naming_the_choices() {
        CliRun run = CliRun.of("analyze", "--format", "yaml", EXAMPLE.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("text, json, markdown");
    }

    @Test
    void keys_with_terminal_escapes_never_reach_the_terminal_raw() throws IOException {
        Path capture = Files.writeString(tmp.resolve("esc.log"),
                "1.000000 [0 1.2.3.4:5] \"GET\" \"evil\\x1b]0;pwned\\x07\"\nnot a line \u001b[31m\n");
        CliRun run = CliRun.of("analyze", "--format", "text", capture.toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).doesNotContain("\u001b");
    }
}
