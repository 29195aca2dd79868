package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.input.NodeNames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze} and {@code simulate} of several nodes' captures of one time: merged by timestamp. */
class MergedCapturesTest {
    private static final long T = 1_700_000_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String line(long micros, String client, String... args) {
        StringBuilder b = new StringBuilder(String.format("%d.%06d [0 %s]", micros / 1_000_000, micros % 1_000_000, client));
        for (String a : args) {
            b.append(" \"").append(a).append('"');
        }
        return b.append('\n').toString();
    }

    /** product:1 read by four connections, deleted, rebuilt by all four. */
    static String nodeA(long start) {
        StringBuilder b = new StringBuilder(line(start, "127.0.0.1:5001", "SET", "product:1", "v", "EX", "300"));
        for (int i = 1; i < 30; i++) {
            b.append(line(start + i * 10_000L, "127.0.0.1:500" + (1 + i % 4), "GET", "product:1"));
        }
        b.append(line(start + 300_000, "127.0.0.1:6000", "DEL", "product:1"));
        for (int c = 1; c <= 4; c++) {
            b.append(line(start + 300_000 + c * 1_000, "127.0.0.1:500" + c, "GET", "product:1"));
        }
        for (int c = 1; c <= 4; c++) {
            b.append(line(start + 350_000 + c * 1_000, "127.0.0.1:500" + c, "SET", "product:1", "v", "EX", "300"));
        }
        return b.toString();
    }

    /** page:2 written with PX 500 from the same client addresses, read, expired, rebuilt by three. */
    static String nodeB(long start) {
        StringBuilder b = new StringBuilder(line(start + 5_000, "127.0.0.1:5001", "SET", "page:2", "v", "PX", "500"));
        for (int i = 1; i < 49; i++) {
            b.append(line(start + 5_000 + i * 10_000L, "127.0.0.1:500" + (1 + i % 3), "GET", "page:2"));
        }
        for (int c = 1; c <= 3; c++) {
            b.append(line(start + 506_000 + c * 1_000, "127.0.0.1:500" + c, "GET", "page:2"));
        }
        for (int c = 1; c <= 3; c++) {
            b.append(line(start + 556_000 + c * 1_000, "127.0.0.1:500" + c, "SET", "page:2", "v", "PX", "500"));
        }
        return b.toString();
    }

    private List<String> scanSaved(long startB) throws IOException {
        Path a = Files.writeString(tmp.resolve(NodeNames.fileNameOf("10.0.0.1", 7000)), nodeA(T));
        Path b = Files.writeString(tmp.resolve(NodeNames.fileNameOf("10.0.0.2", 7001)), nodeB(startB));
        return List.of(a.toString(), b.toString());
    }

    private static JsonNode json(CliRun run) throws IOException {
        return JSON.readTree(run.out());
    }

    private static CliRun run(List<String> files, String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(files);
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode event(JsonNode report, String key) {
        for (JsonNode e : report.path("events")) {
            if (key.equals(e.path("key").asText())) {
                return e;
            }
        }
        throw new AssertionError("no event on " + key + " in " + report.path("events"));
    }

    @Test
    void overlapping_captures_are_merged_and_each_event_and_incident_names_its_node() throws IOException {
        CliRun run = run(scanSaved(T), "analyze", "-f", "json");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        JsonNode report = json(run);
        assertThat(event(report, "product:1").path("node").asText()).isEqualTo("10.0.0.1:7000");
        assertThat(event(report, "product:1").path("kind").asText()).isEqualTo("invalidation-stampede");
        assertThat(event(report, "page:2").path("node").asText()).isEqualTo("10.0.0.2:7001");
        assertThat(event(report, "page:2").path("kind").asText()).isEqualTo("ttl-herd");
        assertThat(report.path("incidents")).extracting(i -> i.path("node").asText())
                .containsExactlyInAnyOrder("10.0.0.1:7000", "10.0.0.2:7001");
        assertThat(report.path("input").path("nodes")).extracting(n -> n.path("node").asText())
                .containsExactly("10.0.0.1:7000", "10.0.0.2:7001");
        assertThat(report.path("input").path("timestampsOutOfOrder").asLong()).isZero();
        assertThat(report.path("input").has("notes")).isFalse();
        // The same ip:port on two nodes is two connections.
        assertThat(report.path("stats").path("connections").asLong()).isEqualTo(8);
    }

    @Test
    void no_merge_reads_them_in_order_as_one_server_as_before() throws IOException {
        CliRun run = run(scanSaved(T), "analyze", "-f", "json", "--no-merge");
        JsonNode report = json(run);
        assertThat(report.path("events")).allSatisfy(e -> assertThat(e.has("node")).isFalse());
        assertThat(report.path("incidents")).allSatisfy(i -> assertThat(i.has("node")).isFalse());
        assertThat(report.path("input").has("nodes")).isFalse();
        assertThat(report.path("input").path("timestampsOutOfOrder").asLong()).isPositive();
        assertThat(report.path("stats").path("connections").asLong()).isEqualTo(5);
    }

    @Test
    void files_named_otherwise_are_merged_when_they_overlap_and_named_after_themselves() throws IOException {
        Path a = Files.writeString(tmp.resolve("a.log"), "OK\n" + nodeA(T));
        Path b = Files.writeString(tmp.resolve("b.log"), nodeB(T));
        JsonNode report = json(run(List.of(a.toString(), b.toString()), "analyze", "-f", "json"));
        assertThat(event(report, "product:1").path("node").asText()).isEqualTo(a.toString());
        assertThat(event(report, "page:2").path("node").asText()).isEqualTo(b.toString());

        JsonNode named = json(run(List.of(a.toString(), b.toString()), "analyze", "-f", "json",
                "--node-name", a + "=10.0.0.1:7000", "--node-name", b + "=x"));
        assertThat(event(named, "page:2").path("node").asText()).isEqualTo("x");
        assertThat(event(named, "product:1").path("node").asText()).isEqualTo("10.0.0.1:7000");
    }

    @Test
    void a_capture_split_in_parts_is_read_in_order_without_nodes() throws IOException {
        // An hour apart: one capture in two parts, plain and gzip.
        Path first = Files.writeString(tmp.resolve("part1.log"), nodeA(T));
        Path second = tmp.resolve("part2.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(second))) {
            out.write(nodeB(T + 3_600_000_000L).getBytes(StandardCharsets.US_ASCII));
        }
        JsonNode report = json(run(List.of(first.toString(), second.toString()), "analyze", "-f", "json"));
        assertThat(report.path("input").has("nodes")).isFalse();
        assertThat(report.path("events")).hasSize(2).allSatisfy(e -> assertThat(e.has("node")).isFalse());
        // --merge forces it: then they are two nodes.
        JsonNode forced = json(run(List.of(first.toString(), second.toString()), "analyze", "-f", "json", "--merge"));
        assertThat(forced.path("input").path("nodes")).hasSize(2);
        assertThat(forced.path("input").path("notes").get(0).asText()).contains("assumes the nodes' clocks agree");
    }

    @Test
    void gzip_captures_that_start_together_are_merged() throws IOException {
        List<String> files = new ArrayList<>();
        String[] texts = {nodeA(T), nodeB(T + 2_000_000)};
        for (int i = 0; i < 2; i++) {
            Path gz = tmp.resolve("node" + i + ".log.gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
                // Longer than the look at their start: their ends are not known.
                for (int k = 0; k < 2_000; k++) {
                    out.write(line(T - 4_000_000 + k, "127.0.0.9:1", "PING", "padding-" + k + "-" + "x".repeat(120))
                            .getBytes(StandardCharsets.US_ASCII));
                }
                out.write(texts[i].getBytes(StandardCharsets.US_ASCII));
            }
            files.add(gz.toString());
        }
        CliRun run = run(files, "analyze", "-f", "text");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        assertThat(run.out()).contains("node      " + files.get(0), "node      " + files.get(1), "Nodes      2, merged");
    }

    @Test
    void node_names_are_checked() throws IOException {
        List<String> files = scanSaved(T);
        CliRun unknown = run(files, "analyze", "--node-name", "other.log=10.0.0.1:7000");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("other.log is not one of the files given").doesNotContain("Exception");
        CliRun both = run(files, "analyze", "--no-merge", "--node-name", files.get(0) + "=a:1");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        CliRun twice = run(files, "analyze", "--merge", "--no-merge");
        assertThat(twice.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(twice.err()).contains("choose one");
        CliRun bad = run(files, "analyze", "--node-name", "nothing");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("FILE=HOST:PORT");
    }

    @Test
    void the_text_report_names_the_node_of_each_incident_and_notes_far_apart_starts() throws IOException {
        CliRun run = run(scanSaved(T + 5_000_000), "analyze", "-f", "text", "--color", "never");
        assertThat(run.out()).contains("node      10.0.0.1:7000", "node      10.0.0.2:7001",
                "Nodes      2, merged by timestamp: 10.0.0.1:7000 (", "Note       the nodes' captures start 5.");
    }

    @Test
    void simulate_replays_merged_captures_in_time_order() throws IOException {
        CliRun merged = run(scanSaved(T), "simulate", "-f", "json");
        assertThat(merged.exitCode()).as("%s", merged).isEqualTo(ExitCode.OK);
        JsonNode report = json(merged);
        assertThat(report.path("observed").path("rebuilds").asLong()).isEqualTo(7);
        assertThat(report.path("policies").get(0).path("rebuilds").asLong()).isEqualTo(7);
        assertThat(report.path("input").path("files")).hasSize(2);
    }

    @Test
    void node_names_come_from_the_file_names_scan_writes() {
        assertThat(NodeNames.fromFileName("/tmp/cap/monitor-10.0.0.5_7000.log")).isEqualTo("10.0.0.5:7000");
        assertThat(NodeNames.fromFileName("monitor-redis-0.svc_6379.log.gz")).isEqualTo("redis-0.svc:6379");
        assertThat(NodeNames.fromFileName("monitor-::1_7000.log")).isEqualTo("[::1]:7000");
        assertThat(NodeNames.fileNameOf("10.0.0.5", 7000)).isEqualTo("monitor-10.0.0.5_7000.log");
        assertThat(NodeNames.fromFileName(NodeNames.fileNameOf("[::1]", 7000))).isEqualTo("[::1]:7000");
        assertThat(NodeNames.fromFileName(NodeNames.fileNameOf("[fe80::1:2]", 6379))).isEqualTo("[fe80::1:2]:6379");
        assertThat(NodeNames.fromFileName("keyspace-events-10.0.0.5_7000.log")).isEqualTo("10.0.0.5:7000");
        assertThat(NodeNames.fromFileName("traffic-10.0.0.5_7000.pcap.gz")).isEqualTo("10.0.0.5:7000");
        assertThat(NodeNames.fromFileName("monitor.log")).isNull();
        assertThat(NodeNames.fromFileName("monitor-host_99999.log")).isNull();
        assertThat(NodeNames.fromFileName("capture.log")).isNull();
    }
}
