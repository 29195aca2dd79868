package dev.stampededoctor.detectors.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Evidence;
import dev.stampededoctor.detectors.report.Report;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Packets through the whole engine: replies make misses facts; acknowledged losses are gaps at once. */
class PacketRepliesTest {
    private static final long CLIENT_ISN = 1000;
    private static final long SERVER_ISN = 9000;

    /** One client connection writing into a shared capture, tracking both directions' offsets. */
    private static final class Client {
        final CaptureFiles.Pcap pcap;
        final int port;
        final int serverPort;
        long sent;
        long received;
        long[] clock;

        Client(CaptureFiles.Pcap pcap, int port, long[] clock) {
            this(pcap, port, 6379, clock);
        }

        Client(CaptureFiles.Pcap pcap, int port, int serverPort, long[] clock) {
            this.pcap = pcap;
            this.port = port;
            this.serverPort = serverPort;
            this.clock = clock;
            packet(true, CLIENT_ISN, SERVER_ISN, Frames.SYN, "");
            packet(false, SERVER_ISN, CLIENT_ISN + 1, Frames.SYN | Frames.ACK, "");
        }

        Client request(String resp) {
            packet(true, CLIENT_ISN + 1 + sent, SERVER_ISN + 1 + received, Frames.ACK | Frames.PSH, resp);
            sent += resp.length();
            return this;
        }

        /** A reply; {@code captured} false: the capture lost it, the client got it. */
        Client reply(String resp, boolean captured) {
            if (captured) {
                packet(false, SERVER_ISN + 1 + received, CLIENT_ISN + 1 + sent, Frames.ACK | Frames.PSH, resp);
            }
            received += resp.length();
            return this;
        }

        private void packet(boolean toServer, long seq, long ack, int flags, String data) {
            clock[0] += 100;
            byte[] tcp = toServer ? Frames.tcp(port, serverPort, seq, ack, flags, Frames.ascii(data))
                    : Frames.tcp(serverPort, port, seq, ack, flags, Frames.ascii(data));
            byte[] ip = toServer ? Frames.ipv4("10.0.0.1", "10.0.0.2", tcp) : Frames.ipv4("10.0.0.2", "10.0.0.1", tcp);
            pcap.add(clock[0], Frames.ethernet(ip));
        }
    }

    private static String command(String... args) {
        StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return b.toString();
    }

    private static Report analyze(CaptureFiles.Pcap pcap) throws IOException {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.read("capture.pcap", new ByteArrayInputStream(pcap.bytes()));
        return analyzer.report();
    }

    @Test
    void nil_replies_on_a_key_the_capture_showed_cached_are_misses_of_an_unseen_removal() throws IOException {
        CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(1);
        long[] clock = {1_700_000_000_000_000L};
        Client writer = new Client(pcap, 40000, clock);
        writer.request(command("SET", "page:1", "v")).reply("+OK\r\n", true);
        List<Client> readers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            readers.add(new Client(pcap, 40001 + i, clock));
        }
        // Evicted (or removed by a client the capture missed): every reader gets nil and rebuilds.
        for (Client r : readers) {
            r.request(command("GET", "page:1")).reply("$-1\r\n", true);
        }
        for (Client r : readers) {
            r.request(command("SET", "page:1", "v2", "EX", "60")).reply("+OK\r\n", true);
        }
        Report report = analyze(pcap);

        assertThat(report.input().files().get(0).packets().replied()).isEqualTo(11);
        assertThat(report.events()).hasSize(1);
        CacheEvent e = report.events().get(0);
        assertThat(e.trigger().cause()).isEqualTo("unknown");
        assertThat(e.misses()).isEqualTo(5);
        assertThat(e.missSource()).isEqualTo("reply");
        assertThat(e.rebuilds()).isEqualTo(5);
        // Each reply comes 100 µs after its request in this capture.
        assertThat(e.evidence().latencyMs().missReads()).isEqualTo(new Evidence.Figures(5, 0.1, 0.1));
        assertThat(e.evidence().latencyMs().rebuildWrites()).isEqualTo(new Evidence.Figures(5, 0.1, 0.1));
        assertThat(report.stats().patterns().get(0).misses()).isEqualTo(5);
        assertThat(report.stats().patterns().get(0).reads()).isEqualTo(5);
    }

    /** Five readers of {@code key} on {@code serverPort} get nil and rebuild it: one event. */
    private static void stampede(CaptureFiles.Pcap pcap, long[] clock, int serverPort, int firstClientPort, String key) {
        List<Client> readers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            readers.add(new Client(pcap, firstClientPort + i, serverPort, clock));
        }
        for (Client r : readers) {
            r.request(command("GET", key)).reply("$-1\r\n", true);
        }
        for (Client r : readers) {
            r.request(command("SET", key, "v2", "EX", "60")).reply("+OK\r\n", true);
        }
    }

    @Test
    void in_one_capture_of_several_servers_each_event_names_the_node_its_connections_talked_to() throws IOException {
        CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(1);
        long[] clock = {1_700_000_000_000_000L};
        stampede(pcap, clock, 7001, 41000, "page:1");
        stampede(pcap, clock, 7002, 42000, "page:2");
        stampede(pcap, clock, 7003, 43000, "page:3"); // a server of no node
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.serverPorts(port -> port >= 7001 && port <= 7003);
        List<String> asked = new ArrayList<>();
        analyzer.serverNodes(server -> {
            asked.add(server);
            return server.equals("10.0.0.2:7001") ? "node-a:7001" : server.equals("10.0.0.2:7002") ? "node-b:7002" : null;
        });
        analyzer.read("capture.pcap", new ByteArrayInputStream(pcap.bytes()));
        Report report = analyzer.report();

        assertThat(report.events()).extracting(e -> e.key() + " " + e.node())
                .containsExactlyInAnyOrder("page:1 node-a:7001", "page:2 node-b:7002", "page:3 null");
        assertThat(asked).as("each server asked once").containsExactly("10.0.0.2:7001", "10.0.0.2:7002", "10.0.0.2:7003");
        // Without the mapping, as before: no node.
        CaptureAnalyzer plain = new CaptureAnalyzer(AnalyzerOptions.defaults());
        plain.serverPorts(port -> port >= 7001 && port <= 7003);
        plain.read("capture.pcap", new ByteArrayInputStream(pcap.bytes()));
        assertThat(plain.report().events()).allSatisfy(e -> assertThat(e.node()).isNull());
    }

    @Test
    void replies_of_one_event_loop_turn_are_taken_in_the_order_that_makes_them_true() throws IOException {
        CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(1);
        long[] clock = {1_700_000_000_000_000L};
        Client writer = new Client(pcap, 40000, clock);
        writer.request(command("SET", "page:1", "v")).reply("+OK\r\n", true);
        List<Client> readers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            readers.add(new Client(pcap, 40001 + i, clock));
        }
        for (Client r : readers) {
            r.request(command("GET", "page:1")).reply("$1\r\nv\r\n", true);
        }
        clock[0] += 1_000_000;
        // One turn: the DEL ran first, then reader 0's GET (nil), while readers 1 and 2 read
        // before it; Redis replied reader 0 first and 1 and 2 after the DEL.
        readers.get(0).request(command("GET", "page:1")).reply("$-1\r\n", true);
        writer.request(command("DEL", "page:1")).reply(":1\r\n", true);
        readers.get(1).request(command("GET", "page:1")).reply("$1\r\nv\r\n", true);
        readers.get(2).request(command("GET", "page:1")).reply("$1\r\nv\r\n", true);
        clock[0] += 3_000;
        for (Client r : readers.subList(1, 6)) {
            r.request(command("GET", "page:1")).reply("$-1\r\n", true);
        }
        for (Client r : readers) {
            r.request(command("SET", "page:1", "v2", "EX", "60")).reply("+OK\r\n", true);
        }
        Report report = analyze(pcap);

        assertThat(report.events()).extracting(e -> e.kind() + " " + e.trigger().command() + " misses " + e.misses()
                + " " + e.missSource() + " rebuilds " + e.rebuilds())
                .containsExactly("invalidation-stampede DEL misses 6 reply rebuilds 6");
    }

    @Test
    void a_reply_the_capture_lost_but_the_client_acknowledged_is_a_gap_at_once_and_pairing_resumes() throws IOException {
        CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(1);
        long[] clock = {1_700_000_000_000_000L};
        Client c = new Client(pcap, 40000, clock);
        c.request(command("GET", "k")).reply("$1\r\nv\r\n", false); // lost by the capture
        c.request(command("GET", "k")).reply("$-1\r\n", true);     // its request acknowledges the lost reply
        c.request(command("GET", "k")).reply("$-1\r\n", true);
        Report report = analyze(pcap);

        var packets = report.input().files().get(0).packets();
        assertThat(packets.gaps()).isEqualTo(1);
        assertThat(packets.gapBytes()).isEqualTo(7);
        assertThat(packets.pairingFailures()).isZero();
        // The first lost its reply with the gap (no reply is misread as its); the second, one request
        // and one reply since the gap, is paired after the fact at the third, which pairs at once.
        assertThat(packets.commands()).isEqualTo(3);
        assertThat(packets.replied()).isEqualTo(2);
    }
}
