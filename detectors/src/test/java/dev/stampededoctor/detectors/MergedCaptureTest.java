package dev.stampededoctor.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.simulate.CaptureSimulator;
import dev.stampededoctor.detectors.simulate.Policies;
import dev.stampededoctor.detectors.simulate.SimulationReport;
import dev.stampededoctor.detectors.source.MergedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two nodes' captures of one time, merged: each event on its node, each node's connections its own. */
class MergedCaptureTest {
    private static final long T = 1_700_000_000_000_000L;

    private record Text(String name, String node, String text) implements MergedReader.Input {
        @Override
        public InputStream open() {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String line(long micros, String client, String... args) {
        StringBuilder b = new StringBuilder(String.format("%d.%06d [0 %s]", micros / 1_000_000, micros % 1_000_000, client));
        for (String a : args) {
            b.append(" \"").append(a).append('"');
        }
        return b.append('\n').toString();
    }

    /** Node A: product:1 read by four connections, deleted at +300 ms, and rebuilt by all four. */
    private static String nodeA() {
        StringBuilder b = new StringBuilder(line(T, "127.0.0.1:5001", "SET", "product:1", "v", "EX", "300"));
        for (int i = 1; i < 30; i++) {
            b.append(line(T + i * 10_000L, "127.0.0.1:500" + (1 + i % 4), "GET", "product:1"));
        }
        b.append(line(T + 300_000, "127.0.0.1:6000", "DEL", "product:1"));
        for (int c = 1; c <= 4; c++) {
            b.append(line(T + 300_000 + c * 1_000, "127.0.0.1:500" + c, "GET", "product:1"));
        }
        for (int c = 1; c <= 4; c++) {
            b.append(line(T + 350_000 + c * 1_000, "127.0.0.1:500" + c, "SET", "product:1", "v", "EX", "300"));
        }
        return b.toString();
    }

    /** Node B, the same client addresses: page:2 written with PX 500, read, expired, rebuilt by three. */
    private static String nodeB() {
        StringBuilder b = new StringBuilder(line(T + 5_000, "127.0.0.1:5001", "SET", "page:2", "v", "PX", "500"));
        for (int i = 1; i < 49; i++) {
            b.append(line(T + 5_000 + i * 10_000L, "127.0.0.1:500" + (1 + i % 3), "GET", "page:2"));
        }
        for (int c = 1; c <= 3; c++) {
            b.append(line(T + 506_000 + c * 1_000, "127.0.0.1:500" + c, "GET", "page:2"));
        }
        for (int c = 1; c <= 3; c++) {
            b.append(line(T + 556_000 + c * 1_000, "127.0.0.1:500" + c, "SET", "page:2", "v", "PX", "500"));
        }
        return b.toString();
    }

    private static Report merged() throws IOException {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.readMerged(List.of(new Text("a.log", "10.0.0.1:7000", nodeA()), new Text("b.log", "10.0.0.2:7000", nodeB())));
        return analyzer.report();
    }

    private static CacheEvent event(Report r, String key) {
        return r.events().stream().filter(e -> key.equals(e.key())).findFirst().orElseThrow();
    }

    @Test
    void each_event_and_incident_names_its_node() throws IOException {
        Report r = merged();
        CacheEvent stampede = event(r, "product:1");
        assertThat(stampede.kind()).isEqualTo(CacheEvent.INVALIDATION_STAMPEDE);
        assertThat(stampede.node()).isEqualTo("10.0.0.1:7000");
        assertThat(stampede.rebuilds()).isEqualTo(4);
        assertThat(stampede.trigger().file()).isEqualTo("a.log");
        assertThat(stampede.trigger().lineNumber()).isEqualTo(31);
        assertThat(stampede.trigger().line()).contains("\"DEL\" \"product:1\"");
        CacheEvent herd = event(r, "page:2");
        assertThat(herd.kind()).isEqualTo(CacheEvent.TTL_HERD);
        assertThat(herd.node()).isEqualTo("10.0.0.2:7000");
        assertThat(herd.misses()).isEqualTo(3);
        assertThat(r.incidents()).extracting(Incident::node).containsExactlyInAnyOrder("10.0.0.1:7000", "10.0.0.2:7000");
        assertThat(r.input().files()).extracting(f -> f.name()).containsExactly("a.log", "b.log");
        assertThat(r.input().nodes()).extracting(n -> n.node()).containsExactly("10.0.0.1:7000", "10.0.0.2:7000");
        assertThat(r.input().timestampsOutOfOrder()).isZero();
        assertThat(r.input().notes()).isEmpty();
    }

    @Test
    void the_same_address_on_two_nodes_is_two_connections() throws IOException {
        Report r = merged();
        // A: 5001–5004 and the writer 6000; B: 5001–5003 again, other connections to another server.
        assertThat(r.stats().connections()).isEqualTo(8);
        assertThat(r.stats().hosts()).isEqualTo(1);
        CaptureAnalyzer oneServer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        oneServer.read("a.log", new ByteArrayInputStream(nodeA().getBytes(StandardCharsets.UTF_8)));
        oneServer.read("b.log", new ByteArrayInputStream(nodeB().getBytes(StandardCharsets.UTF_8)));
        Report concatenated = oneServer.report();
        assertThat(concatenated.stats().connections()).isEqualTo(5);
        assertThat(concatenated.input().timestampsOutOfOrder()).isPositive();
        assertThat(concatenated.events()).allSatisfy(e -> assertThat(e.node()).isNull());
        assertThat(concatenated.input().nodes()).isNull();
    }

    @Test
    void one_servers_capture_names_no_node() throws IOException {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.read("a.log", new ByteArrayInputStream(nodeA().getBytes(StandardCharsets.UTF_8)));
        Report r = analyzer.report();
        assertThat(r.events()).isNotEmpty().allSatisfy(e -> assertThat(e.node()).isNull());
        assertThat(r.incidents()).allSatisfy(i -> assertThat(i.node()).isNull());
    }

    @Test
    void captures_that_start_far_apart_get_a_note_on_clocks() throws IOException {
        String late = nodeB().lines().map(l -> {
            long micros = Long.parseLong(l.substring(0, 10)) * 1_000_000 + Long.parseLong(l.substring(11, 17)) + 3_000_000;
            return String.format("%d.%06d%s%n", micros / 1_000_000, micros % 1_000_000, l.substring(17));
        }).reduce("", String::concat);
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.readMerged(List.of(new Text("a.log", "A", nodeA()), new Text("b.log", "B", late)));
        Report r = analyzer.report();
        assertThat(r.input().notes()).singleElement().asString().contains("start 3.", "assumes the nodes' clocks agree");
    }

    @Test
    void lua_lines_belong_to_the_script_of_their_own_node() throws IOException {
        // A's script deletes product:1; B runs a script between A's EVAL and A's lua line.
        String a = nodeA().replace(line(T + 300_000, "127.0.0.1:6000", "DEL", "product:1"),
                line(T + 299_000, "127.0.0.1:7777", "EVAL", "redis.call('del', KEYS[1])", "1", "product:1")
                        + line(T + 300_000, "lua", "del", "product:1"));
        String b = java.util.stream.Stream.concat(nodeB().lines(),
                        java.util.stream.Stream.of(line(T + 299_500, "127.0.0.1:8888", "EVAL", "return 1", "0").strip()))
                .sorted(java.util.Comparator.comparing(l -> l.substring(0, 17))).map(l -> l + "\n")
                .reduce("", String::concat);
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.readMerged(List.of(new Text("a.log", "A", a), new Text("b.log", "B", b)));
        CacheEvent stampede = event(analyzer.report(), "product:1");
        assertThat(stampede.trigger().fromScript()).isTrue();
        assertThat(stampede.trigger().connection()).isEqualTo("127.0.0.1:7777");
        assertThat(stampede.node()).isEqualTo("A");
    }

    /** Lines of several nodes already merged, one line per read, as a live merge hands them on. */
    private static final class LiveMerge extends InputStream {
        private final List<String> lines = new java.util.ArrayList<>();
        private final List<Integer> nodes = new java.util.ArrayList<>();
        private int next;
        private byte[] pending = new byte[0];
        private int at;
        private int pendingNode = -1;
        int lastNode = -1;

        LiveMerge(String... perNode) {
            List<String[]> all = new java.util.ArrayList<>();
            for (int n = 0; n < perNode.length; n++) {
                for (String l : perNode[n].split("\n")) {
                    all.add(new String[] {l + "\n", Integer.toString(n)});
                }
            }
            all.sort(java.util.Comparator.comparing(l -> l[0].substring(0, 17)));
            all.forEach(l -> {
                lines.add(l[0]);
                nodes.add(Integer.parseInt(l[1]));
            });
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at == pending.length) {
                if (next == lines.size()) {
                    return -1;
                }
                pending = lines.get(next).getBytes(StandardCharsets.UTF_8);
                pendingNode = nodes.get(next++);
                at = 0;
            }
            int n = Math.min(len, pending.length - at);
            System.arraycopy(pending, at, b, off, n);
            at += n;
            if (at == pending.length) {
                lastNode = pendingNode;
            }
            return n;
        }
    }

    @Test
    void a_live_merge_names_each_lines_node_as_it_is_read() throws IOException {
        LiveMerge live = new LiveMerge(nodeA(), nodeB());
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.readNodes(List.of("redis 10.0.0.1:7000", "redis 10.0.0.2:7000"), List.of("10.0.0.1:7000", "10.0.0.2:7000"),
                live, () -> live.lastNode);
        Report r = analyzer.report();
        CacheEvent stampede = event(r, "product:1");
        assertThat(stampede.node()).isEqualTo("10.0.0.1:7000");
        assertThat(stampede.trigger().file()).isEqualTo("redis 10.0.0.1:7000");
        assertThat(stampede.trigger().lineNumber()).as("the node's own line number").isEqualTo(31);
        assertThat(event(r, "page:2").node()).isEqualTo("10.0.0.2:7000");
        assertThat(r.stats().connections()).isEqualTo(8);
        assertThat(r.input().files()).extracting(f -> f.parsed()).containsExactly(nodeA().lines().count(),
                nodeB().lines().count());
    }

    @Test
    void simulate_replays_the_merged_capture_in_time_order() throws IOException {
        CaptureSimulator simulator = new CaptureSimulator(AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, 1000);
        simulator.readMerged(List.of(new Text("a.log", "A", nodeA()), new Text("b.log", "B", nodeB())));
        SimulationReport s = simulator.simulate(Policies.all(), -1);
        assertThat(s.input().files()).containsExactly("a.log", "b.log");
        assertThat(s.observed().rebuilds()).isEqualTo(7);
        assertThat(s.policies().get(0).rebuilds()).isEqualTo(7);
        assertThat(s.input().parsed()).isEqualTo(nodeA().lines().count() + nodeB().lines().count());
    }
}
