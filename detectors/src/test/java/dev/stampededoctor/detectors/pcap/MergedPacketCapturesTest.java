package dev.stampededoctor.detectors.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.source.CaptureReader;
import dev.stampededoctor.detectors.source.CommandSink;
import dev.stampededoctor.detectors.source.MergedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Packet captures of two nodes merge as MONITOR text does: by each command's time, each file a node. */
class MergedPacketCapturesTest {
    private static final long T = 1_700_000_000_000_000L;

    private record Pcap(String name, String node, byte[] bytes) implements MergedReader.Input {
        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    private static String get(String key) {
        return "*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n";
    }

    /** One connection to {@code server}:6379 asking GET for each key at the given instants, each answered nil 50 µs later. */
    private static byte[] capture(String server, long[] at, String... keys) {
        CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(1);
        long clientSeq = 1001;
        long serverSeq = 9001;
        pcap.add(at[0] - 100, frame(server, true, 1000, 9000, Frames.SYN, ""));
        pcap.add(at[0] - 90, frame(server, false, 9000, 1001, Frames.SYN | Frames.ACK, ""));
        for (int i = 0; i < keys.length; i++) {
            String request = get(keys[i]);
            pcap.add(at[i], frame(server, true, clientSeq, serverSeq, Frames.ACK | Frames.PSH, request));
            clientSeq += request.length();
            pcap.add(at[i] + 50, frame(server, false, serverSeq, clientSeq, Frames.ACK | Frames.PSH, "$-1\r\n"));
            serverSeq += 5;
        }
        return pcap.bytes();
    }

    private static byte[] frame(String server, boolean toServer, long seq, long ack, int flags, String data) {
        byte[] tcp = toServer ? Frames.tcp(40000, 6379, seq, ack, flags, Frames.ascii(data))
                : Frames.tcp(6379, 40000, seq, ack, flags, Frames.ascii(data));
        return Frames.ethernet(toServer ? Frames.ipv4("10.0.0.1", server, tcp) : Frames.ipv4(server, "10.0.0.1", tcp));
    }

    @Test
    void two_nodes_packets_are_merged_by_the_time_of_each_command() throws IOException {
        byte[] a = capture("10.0.0.5", new long[] {T, T + 2_000, T + 4_000}, "a0", "a2", "a4");
        byte[] b = capture("10.0.0.6", new long[] {T + 1_000, T + 3_000}, "b1", "b3");
        List<String> order = new ArrayList<>();
        new MergedReader(1 << 20, port -> port == 6379).read(
                List.of(new Pcap("a.pcap", "10.0.0.5:6379", a), new Pcap("b.pcap", "10.0.0.6:6379", b)), 0,
                new MergedReader.Listener() {
                    @Override
                    public CommandSink sink(int input) {
                        return (MonitorLine line) -> order.add(input + ":" + new String(line.arg(1), StandardCharsets.UTF_8)
                                + (line.hasReply() ? "" : " (no reply)"));
                    }

                    @Override
                    public void ended(int input, CaptureReader.Result result) {
                        assertThat(result.packets()).isNotNull();
                    }
                });
        assertThat(order).containsExactly("0:a0", "1:b1", "0:a2", "1:b3", "0:a4");
    }
}
