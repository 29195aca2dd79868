package dev.stampededoctor.detectors.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever the bytes, reading ends in statistics or a plain-words corruption message, nothing else. */
class PcapFuzzTest {
    private static final int ITERATIONS = 4000;

    @Test
    void randomAndMutatedCapturesNeverFailOtherwise() {
        Random random = new Random(20261203);
        byte[][] seeds = {pcapSeed(), pcapngSeed(ByteOrder.LITTLE_ENDIAN), pcapngSeed(ByteOrder.BIG_ENDIAN)};
        int corrupt = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input;
            if (i % 4 == 0) {
                input = new byte[random.nextInt(600)];
                random.nextBytes(input);
                if (input.length >= 4 && random.nextBoolean()) {
                    System.arraycopy(seeds[random.nextInt(seeds.length)], 0, input, 0, 4);
                }
            } else {
                byte[] seed = seeds[random.nextInt(seeds.length)];
                input = seed.clone();
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
                if (random.nextInt(5) == 0) {
                    input = java.util.Arrays.copyOf(input, random.nextInt(input.length));
                }
            }
            try {
                PcapStreams.read(new ByteArrayInputStream(input), p -> p == 6379, new RecordingHandler(),
                        new ReassemblyLimits(8, 4096, 16384, 1_000_000));
            } catch (CaptureFormatException e) {
                corrupt++;
                assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("java.");
            } catch (Throwable t) {
                fail("iteration " + i + " threw " + t, t);
            }
        }
        assertThat(corrupt).isBetween(1, ITERATIONS - 1);
    }

    private static byte[] pcapSeed() {
        CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(ByteOrder.BIG_ENDIAN, true, 1, 65535);
        Conversation c = new Conversation(pcap, 0xFFFF_FFF0L, 77).handshake()
                .toServer(0, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
                .toServer(40, "late")
                .toClient(0, "$1\r\nv\r\n")
                .toServer(20, "*1\r\n$4\r\nPING\r\n");
        c.pcap.add(c.micros, Frames.ethernet(Frames.ipv6("::1", "::1", 6, Frames.tcp(1, 6379, 5, 0, Frames.SYN, new byte[3]), 0, 60)));
        c.toServer(34, Frames.FIN | Frames.ACK, "");
        return c.pcap.bytes();
    }

    private static byte[] pcapngSeed(ByteOrder order) {
        byte[] frame = Frames.sll2(Frames.ipv4("10.0.0.1", "10.0.0.2", Frames.tcp(40000, 6379, 1, 1, Frames.ACK, Frames.ascii("hello"))));
        byte[] raw = Frames.ipv6("::1", "::2", Frames.tcp(40001, 6379, 1, 1, Frames.ACK, Frames.ascii("world")));
        return new CaptureFiles.Pcapng(order).iface(276, 0, 9).iface(101, 30, 0x80 | 10)
                .epb(0, 1_700_000_000_000_000_000L, frame).pb(1, 5, raw).spb(frame).other(5, 12)
                .section(order).iface(229, 0, -1).epb(0, 0, raw).bytes();
    }
}
