package dev.stampededoctor.detectors.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every link-layer framing and IP variant the decoder knows, down to the TCP payload. */
class PcapFramingTest {
    private static final byte[] TCP = Frames.tcp(50000, 6379, 7, 1, Frames.ACK | Frames.PSH, Frames.ascii("PING"));
    private static final byte[] V4 = Frames.ipv4("192.168.1.2", "192.168.1.3", TCP);
    private static final byte[] V6 = Frames.ipv6("fe80::1", "fe80::2", TCP);

    private final RecordingHandler handler = new RecordingHandler();

    private CaptureStats read(int linkType, byte[]... frames) throws IOException {
        CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(linkType);
        long t = 1_000_000;
        for (byte[] frame : frames) {
            pcap.add(t++, frame);
        }
        return PcapStreams.read(new ByteArrayInputStream(pcap.bytes()), p -> p == 6379, handler);
    }

    private void assertOneStream(String client) {
        assertThat(handler.flows).hasSize(1);
        assertThat(handler.flows.get(0).client()).isEqualTo(client);
        assertThat(handler.toServer(0)).isEqualTo("PING");
    }

    @Test
    void ethernetWithAndWithoutVlanTags() throws IOException {
        read(1, Frames.ethernet(V4), Frames.ethernet(Frames.ipv4("192.168.1.2", "192.168.1.3",
                Frames.tcp(50000, 6379, 11, 1, Frames.ACK, Frames.ascii("!"))), 0x8100, 0x88A8));

        assertThat(handler.flows).hasSize(1);
        assertThat(handler.toServer(0)).isEqualTo("PING!");
    }

    @Test
    void ethernetVlanTaggedIpv6() throws IOException {
        read(1, Frames.ethernet(V6, 0x8100));

        assertOneStream("[fe80::1]:50000");
    }

    @Test
    void ethernetPaddingIsNotPayload() throws IOException {
        byte[] tinyTcp = Frames.tcp(50000, 6379, 7, 1, Frames.ACK, Frames.ascii("x"));
        byte[] frame = Frames.ethernet(Frames.ipv4("192.168.1.2", "192.168.1.3", tinyTcp));
        byte[] padded = Arrays.copyOf(frame, 60 + frame.length);

        read(1, padded);

        assertThat(handler.toServer(0)).isEqualTo("x");
    }

    @Test
    void linuxCookedCaptures() throws IOException {
        read(113, Frames.sll(V4));
        assertOneStream("192.168.1.2:50000");
    }

    @Test
    void linuxCookedCapturesVersionTwo() throws IOException {
        read(276, Frames.sll2(V6));
        assertOneStream("[fe80::1]:50000");
    }

    @Test
    void bsdLoopbackInEitherByteOrder() throws IOException {
        read(0, Frames.loopback(2, ByteOrder.LITTLE_ENDIAN, V4));
        assertOneStream("192.168.1.2:50000");
    }

    @Test
    void bsdLoopbackIpv6FamiliesInBigEndian() throws IOException {
        CaptureStats stats = read(0, Frames.loopback(30, ByteOrder.BIG_ENDIAN, V6),
                Frames.loopback(24, ByteOrder.LITTLE_ENDIAN, Frames.ipv6("::1", "::2", TCP)),
                Frames.loopback(17, ByteOrder.LITTLE_ENDIAN, V6));

        assertThat(handler.flows).hasSize(2);
        assertThat(handler.flows.get(1).server()).isEqualTo("[::2]:6379");
        assertThat(stats.nonTcpPackets()).isEqualTo(1);
    }

    @Test
    void rawIpLinkTypes() throws IOException {
        for (int linkType : new int[] {101, 12, 14}) {
            RecordingHandler h = new RecordingHandler();
            CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(linkType).add(1, V4).add(2, V6);
            PcapStreams.read(new ByteArrayInputStream(pcap.bytes()), p -> p == 6379, h);
            assertThat(h.flows).as("link type %d", linkType).hasSize(2);
        }
        read(228, V4);
        assertOneStream("192.168.1.2:50000");
    }

    @Test
    void rawIpv6LinkType() throws IOException {
        read(229, V6);
        assertOneStream("[fe80::1]:50000");
    }

    @Test
    void ipv6ExtensionHeadersAreSkippedAndFragmentsCounted() throws IOException {
        CaptureStats stats = read(1, Frames.ethernet(Frames.ipv6("fe80::1", "fe80::2", 6, TCP, 0, 60, 43)),
                Frames.ethernet(Frames.ipv6("fe80::1", "fe80::2", 6, TCP, 0, 44)));

        assertOneStream("[fe80::1]:50000");
        assertThat(stats.fragmentsSkipped()).isEqualTo(1);
    }

    @Test
    void ipv4FragmentsAndOtherProtocolsAreCountedAndSkipped() throws IOException {
        CaptureStats stats = read(1,
                Frames.ethernet(Frames.ipv4("192.168.1.2", "192.168.1.3", 6, 0x2000, TCP)),
                Frames.ethernet(Frames.ipv4("192.168.1.2", "192.168.1.3", 6, 0x0010, TCP)),
                Frames.ethernet(Frames.ipv4("192.168.1.2", "192.168.1.3", 17, 0, new byte[12])),
                Frames.ethernet(Frames.ipv4("192.168.1.2", "192.168.1.3", 6, 0x4000, TCP)),
                Frames.ethernetType(0x0806, new byte[28]));

        assertThat(stats.fragmentsSkipped()).isEqualTo(2);
        assertThat(stats.nonTcpPackets()).isEqualTo(2);
        assertThat(stats.tcpSegments()).isEqualTo(1); // don't-fragment is not a fragment
        assertOneStream("192.168.1.2:50000");
    }

    @Test
    void writesIpv6AddressesInTheirShortForm() {
        assertThat(AddressText.ipv6(0, 1)).isEqualTo("::1");
        assertThat(AddressText.ipv6(0, 0)).isEqualTo("::");
        assertThat(AddressText.ipv6(0x2001_0db8_0000_0000L, 0x0000_0000_0000_0001L)).isEqualTo("2001:db8::1");
        assertThat(AddressText.ipv6(0x2001_0db8_0000_0001L, 0x0000_0001_0000_0001L)).isEqualTo("2001:db8:0:1:0:1:0:1");
        assertThat(AddressText.ipv6(0x2001_0db8_0000_0000L, 0x0001_0000_0000_0001L)).isEqualTo("2001:db8::1:0:0:1");
        assertThat(AddressText.ipv6(0x2001_0db8_0001_0001L, 0x0001_0001_0001_0001L)).isEqualTo("2001:db8:1:1:1:1:1:1");
        assertThat(AddressText.ipv6(0xfe80_0000_0000_0000L, 0x0000_0000_0000_0000L)).isEqualTo("fe80::");
        assertThat(AddressText.ipv6(0x0000_0000_0000_ffffL, 0xffff_ffff_0000_0000L)).isEqualTo("::ffff:ffff:ffff:0:0");
    }
}
