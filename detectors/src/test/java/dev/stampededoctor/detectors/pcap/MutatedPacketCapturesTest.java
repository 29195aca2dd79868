package dev.stampededoctor.detectors.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.simulate.CaptureSimulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over the whole packet path (reader, reassembly, RESP pairing, the
 * detectors, simulate): a capture of a stampede, its bytes flipped, cut, repeated and moved,
 * must give a report or a one-line {@link CaptureFormatException}, never anything else.
 */
class MutatedPacketCapturesTest {
    private static final int RUNS = Integer.getInteger("fuzz.runs", 300);

    private static String command(String... args) {
        StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return b.toString();
    }

    private static byte[] seed() {
        CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(1);
        Conversation writer = new Conversation(pcap, 100, 900).clientPort(40000).handshake();
        String set = command("SET", "page:1", "v", "EX", "60");
        writer.toServer(0, set).toClient(0, "+OK\r\n");
        String del = command("DEL", "page:1");
        writer.toServer(set.length(), del).toClient(5, ":1\r\n");
        for (int i = 0; i < 4; i++) {
            Conversation r = new Conversation(pcap, 1000L * (i + 2), 7000L * (i + 2)).clientPort(40001 + i).handshake();
            String get = command("GET", "page:1");
            String mget = command("MGET", "page:1", "page:2");
            r.toServer(0, get).toClient(0, "$-1\r\n");
            r.toServer(get.length(), set).toClient(5, "+OK\r\n");
            r.toServer(get.length() + set.length(), mget).toClient(10, "*2\r\n$1\r\nv\r\n_\r\n");
        }
        return pcap.bytes();
    }

    @Test
    void mutated_packet_captures_give_a_report_or_a_one_line_error() {
        byte[] seed = seed();
        for (int run = 0; run < RUNS; run++) {
            SplittableRandom random = new SplittableRandom(run);
            byte[] input = mutate(seed, random);
            String what = "run " + run;
            try {
                CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
                analyzer.read("fuzz.pcap", new ByteArrayInputStream(input));
                Report report = analyzer.report();
                assertThat(report.input()).as(what).isNotNull();
                CaptureSimulator simulator = new CaptureSimulator(AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, 1000);
                simulator.read("fuzz.pcap", new ByteArrayInputStream(input));
            } catch (CaptureFormatException e) {
                assertThat(e.getMessage()).as(what).doesNotContain("\n").doesNotContain("Exception");
            } catch (IOException e) {
                throw new AssertionError(what + ": " + e, e);
            }
        }
    }

    @Test
    void the_seed_itself_is_read_whole_with_every_miss_from_its_reply() throws IOException {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.read("seed.pcap", new ByteArrayInputStream(seed()));
        Report report = analyzer.report();
        assertThat(report.input().files().get(0).packets().replied()).isEqualTo(14);
        // 4 nil GETs of page:1, and MGET's nil for page:2 four times; MGET's page:1 hit.
        assertThat(report.stats().patterns()).extracting(p -> p.pattern() + " " + p.reads() + " " + p.misses())
                .containsExactly("page:* 12 8");
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed.clone();
        int mutations = 1 + random.nextInt(8);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            switch (random.nextInt(5)) {
                case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
                case 2 -> {
                    int from = random.nextInt(b.length);
                    int len = Math.min(b.length - from, 1 + random.nextInt(200));
                    byte[] longer = Arrays.copyOf(b, b.length + len);
                    System.arraycopy(b, from, longer, b.length, len);
                    b = longer;
                }
                case 3 -> {
                    int at = 24 + random.nextInt(Math.max(1, b.length - 24));
                    for (int k = 0; k < 4 && at + k < b.length; k++) {
                        b[at + k] = (byte) 0xff;
                    }
                }
                default -> {
                    int i = random.nextInt(b.length);
                    int j = random.nextInt(b.length);
                    byte t = b[i];
                    b[i] = b[j];
                    b[j] = t;
                }
            }
        }
        return b;
    }
}
