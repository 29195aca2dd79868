package dev.stampededoctor.detectors.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapReaderTest {
    private static final long T = 1_700_000_123_456_789L;
    private static final byte[] FRAME = Frames.ethernet(Frames.ipv4("10.0.0.1", "10.0.0.2",
            Frames.tcp(50000, 6379, 1, 1, Frames.ACK, Frames.ascii("PING"))));

    private record Packet(int linkType, long micros, byte[] bytes, int original) {
    }

    private final CaptureStats stats = new CaptureStats();

    private List<Packet> read(byte[] file) throws IOException {
        List<Packet> packets = new ArrayList<>();
        PacketCaptureReader.read(new ByteArrayInputStream(file), stats, (linkType, micros, buf, off, captured, original) ->
                packets.add(new Packet(linkType, micros, Arrays.copyOfRange(buf, off, off + captured), original)));
        return packets;
    }

    @ParameterizedTest
    @CsvSource({"LITTLE_ENDIAN,false", "BIG_ENDIAN,false", "LITTLE_ENDIAN,true", "BIG_ENDIAN,true"})
    void readsClassicPcapInEitherByteOrderWithMicroOrNanosecondTimestamps(String order, boolean nanos) throws IOException {
        ByteOrder byteOrder = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] file = new CaptureFiles.Pcap(byteOrder, nanos, 1, 65535).add(T, FRAME).add(T + 1, FRAME).bytes();

        List<Packet> packets = read(file);

        assertThat(packets).hasSize(2);
        assertThat(packets.get(0).linkType()).isEqualTo(1);
        assertThat(packets.get(0).micros()).isEqualTo(T);
        assertThat(packets.get(1).micros()).isEqualTo(T + 1);
        assertThat(packets.get(0).bytes()).isEqualTo(FRAME);
        assertThat(stats.packets()).isEqualTo(2);
        assertThat(stats.bytes()).isEqualTo(2L * FRAME.length);
        assertThat(stats.fileTruncated()).isFalse();
    }

    @Test
    void reportsTheSnapLengthCutThroughTheOriginalLength() throws IOException {
        List<Packet> packets = read(new CaptureFiles.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 40).add(T, FRAME).bytes());

        assertThat(packets.get(0).bytes()).hasSize(40);
        assertThat(packets.get(0).original()).isEqualTo(FRAME.length);
    }

    @ParameterizedTest
    @CsvSource({"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void readsPcapngWithTheTimestampResolutionOfEachInterface(String order) throws IOException {
        ByteOrder byteOrder = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] file = new CaptureFiles.Pcapng(byteOrder)
                .iface(1, 0, -1)
                .iface(113, 65535, 9)
                .iface(276, 65535, 0x80 | 20)
                .other(4, 20) // a name resolution block: skipped
                .epb(0, T, FRAME)
                .epb(1, T * 1000 + 999, FRAME)
                .epb(2, (T / 1_000_000 << 20) | (1 << 19), FRAME)
                .other(0x40000BAD, 7)
                .bytes();

        List<Packet> packets = read(file);

        assertThat(packets).extracting(Packet::linkType).containsExactly(1, 113, 276);
        assertThat(packets).extracting(Packet::micros).containsExactly(T, T, T / 1_000_000 * 1_000_000 + 500_000);
        assertThat(packets.get(2).bytes()).isEqualTo(FRAME);
    }

    @Test
    void readsSeveralSectionsEachWithItsOwnByteOrderAndInterfaces() throws IOException {
        byte[] file = new CaptureFiles.Pcapng(ByteOrder.LITTLE_ENDIAN)
                .iface(1, 0, -1)
                .epb(0, T, FRAME)
                .section(ByteOrder.BIG_ENDIAN)
                .iface(101, 0, 3)
                .epb(0, T / 1000, FRAME)
                .bytes();

        List<Packet> packets = read(file);

        assertThat(packets).extracting(Packet::linkType).containsExactly(1, 101);
        assertThat(packets).extracting(Packet::micros).containsExactly(T, T / 1000 * 1000);
    }

    @Test
    void givesSimplePacketBlocksTheLastTimestampAndReadsObsoletePacketBlocks() throws IOException {
        byte[] file = new CaptureFiles.Pcapng(ByteOrder.LITTLE_ENDIAN)
                .iface(1, 50, -1)
                .pb(0, T, FRAME)
                .spb(FRAME)
                .bytes();

        List<Packet> packets = read(file);

        assertThat(packets).extracting(Packet::micros).containsExactly(T, T);
        assertThat(packets).extracting(p -> p.bytes().length).containsExactly(50, 50);
        assertThat(packets).extracting(Packet::original).containsExactly(FRAME.length, FRAME.length);
    }

    @Test
    void sniffsEveryKindOfCaptureFromItsFirstFourBytes() {
        assertThat(PacketCaptureReader.looksLikeCapture(new byte[] {(byte) 0xA1, (byte) 0xB2, (byte) 0xC3, (byte) 0xD4})).isTrue();
        assertThat(PacketCaptureReader.looksLikeCapture(new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1})).isTrue();
        assertThat(PacketCaptureReader.looksLikeCapture(new byte[] {(byte) 0xA1, (byte) 0xB2, 0x3C, 0x4D})).isTrue();
        assertThat(PacketCaptureReader.looksLikeCapture(new byte[] {0x4D, 0x3C, (byte) 0xB2, (byte) 0xA1})).isTrue();
        assertThat(PacketCaptureReader.looksLikeCapture(new byte[] {0x0A, 0x0D, 0x0D, 0x0A})).isTrue();
        assertThat(PacketCaptureReader.looksLikeCapture(Frames.ascii("1700"))).isFalse();
        assertThat(PacketCaptureReader.looksLikeCapture(new byte[] {0x0A, 0x0D})).isFalse();
        assertThat(PacketCaptureReader.looksLikeCapture(null)).isFalse();
    }

    @Test
    void stopsAtATruncatedEndAndSaysSoWhereverTheFileIsCut() throws IOException {
        byte[] pcap = new CaptureFiles.Pcap(1).add(T, FRAME).add(T + 1, FRAME).bytes();
        byte[] pcapng = new CaptureFiles.Pcapng(ByteOrder.BIG_ENDIAN).iface(1, 0, -1).epb(0, T, FRAME).epb(0, T, FRAME).bytes();
        int pcapBoundary = 24 + 16 + FRAME.length;
        int pcapngBoundary = pcapng.length - (pcapng.length - 28 - 20) / 2;
        for (byte[] whole : List.of(pcap, pcapng)) {
            for (int cut = 4; cut < whole.length; cut++) {
                CaptureStats s = new CaptureStats();
                List<Long> seen = new ArrayList<>();
                PacketCaptureReader.read(new ByteArrayInputStream(whole, 0, cut), s, (l, m, b, o, c, w) -> seen.add(m));
                boolean atBoundary = whole == pcap ? cut == 24 || cut == pcapBoundary : cut == 28 || cut == 48 || cut == pcapngBoundary;
                assertThat(s.fileTruncated()).as("cut at %d", cut).isEqualTo(!atBoundary);
                assertThat(seen).hasSizeLessThan(2);
            }
        }
    }

    @Test
    void countsPacketsOfUnknownLinkTypesAndSkipsThem() throws IOException {
        byte[] file = new CaptureFiles.Pcap(ByteOrder.LITTLE_ENDIAN, false, 147, 65535).add(T, FRAME).bytes();

        CaptureStats s = PcapStreams.read(new ByteArrayInputStream(file), p -> true, new RecordingHandler());

        assertThat(s.packets()).isEqualTo(1);
        assertThat(s.unknownLinkTypePackets()).isEqualTo(1);
        assertThat(s.tcpSegments()).isZero();
    }

    @Test
    void saysInPlainWordsWhatIsWrongWithACorruptFile() {
        byte[] hugeRecord = new CaptureFiles.Pcap(1).add(T, FRAME).bytes();
        ByteBuffer.wrap(hugeRecord).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 0x7FFF_FFFF);
        byte[] shortBlock = new CaptureFiles.Pcapng(ByteOrder.LITTLE_ENDIAN).iface(1, 0, -1).bytes();
        ByteBuffer.wrap(shortBlock).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 4, 7);
        byte[] noInterface = new CaptureFiles.Pcapng(ByteOrder.LITTLE_ENDIAN).iface(1, 0, -1).epb(0, T, FRAME).bytes();
        ByteBuffer.wrap(noInterface).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 20 + 8, 3);
        byte[] badMark = new CaptureFiles.Pcapng(ByteOrder.LITTLE_ENDIAN).bytes();
        badMark[8] = 0;

        assertCorrupt(new byte[0], "empty file: not a pcap or pcapng file");
        assertCorrupt(Frames.ascii("1700000000.000000 [0 127.0.0.1:1] \"GET\" \"k\""), "not a pcap or pcapng file");
        assertCorrupt(hugeRecord, "pcap record of 2147483647 bytes at offset 24: corrupt");
        assertCorrupt(shortBlock, "pcapng block of 7 bytes at offset 28: corrupt");
        assertCorrupt(noInterface, "pcapng packet block at offset 48 names interface 3, which is not described: corrupt");
        assertCorrupt(badMark, "pcapng section header at offset 0: byte-order mark missing: corrupt");
    }

    private static void assertCorrupt(byte[] file, String message) {
        assertThatThrownBy(() -> PcapStreams.read(new ByteArrayInputStream(file), p -> true, new RecordingHandler()))
                .isExactlyInstanceOf(CaptureFormatException.class)
                .hasMessage(message);
    }
}
