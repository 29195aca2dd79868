package dev.stampededoctor.detectors.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TcpReassemblerTest {
    private static final long ISN = 1000;
    private static final long SERVER_ISN = 5000;

    private final RecordingHandler handler = new RecordingHandler();

    @Test
    void deliversBothDirectionsOfAnOrderlyConnectionAndClosesItOnFinBothWays() {
        Conversation c = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(0, "*1\r\n$4\r\nPING\r\n")
                .toClient(0, "+PONG\r\n")
                .toServer(14, Frames.FIN | Frames.ACK, "")
                .toClient(7, Frames.FIN | Frames.ACK, "")
                .toServer(15, Frames.ACK, "");

        CaptureStats stats = c.read(handler);

        assertThat(handler.toServer(0)).isEqualTo("*1\r\n$4\r\nPING\r\n");
        assertThat(handler.toClient(0)).isEqualTo("+PONG\r\n");
        assertThat(handler.flows.get(0).client()).isEqualTo("10.0.0.1:50000");
        assertThat(handler.flows.get(0).server()).isEqualTo("10.0.0.2:6379");
        assertThat(handler.flows.get(0).serverPort()).isEqualTo(6379);
        // The last ACK comes after the close and must not open a connection of its own.
        assertThat(handler.events).filteredOn(e -> e.startsWith("opened")).hasSize(1);
        assertThat(handler.events.get(handler.events.size() - 1)).startsWith("closed 0 @" + (c.micros - 10));
        assertThat(stats.connections()).isEqualTo(1);
        assertThat(stats.gaps()).isZero();
        assertThat(stats.tcpSegments()).isEqualTo(8);
    }

    @Test
    void waitsForAHoleToFillWhenSegmentsArriveOutOfOrder() {
        CaptureStats stats = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(10, "world")
                .toServer(5, " new ")
                .toServer(0, "hello")
                .read(handler);

        assertThat(handler.toServer(0)).isEqualTo("hello new world");
        assertThat(stats.outOfOrderSegments()).isEqualTo(2);
        assertThat(stats.gaps()).isZero();
    }

    @Test
    void dropsARetransmissionAndCountsItOnce() {
        CaptureStats stats = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(0, "hello")
                .toServer(0, "hello")
                .toServer(5, "!")
                .read(handler);

        assertThat(handler.toServer(0)).isEqualTo("hello!");
        assertThat(stats.retransmittedSegments()).isEqualTo(1);
        assertThat(stats.retransmittedBytes()).isEqualTo(5);
    }

    @Test
    void trimsAnOverlappingRetransmission() {
        CaptureStats stats = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(0, "hello")
                .toServer(3, "lo world")
                .read(handler);

        assertThat(handler.toServer(0)).isEqualTo("hello world");
        assertThat(stats.retransmittedSegments()).isEqualTo(1);
        assertThat(stats.retransmittedBytes()).isEqualTo(2);
    }

    @Test
    void trimsOverlapBetweenSegmentsThatWaited() {
        new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(6, "world")
                .toServer(4, "o wor")
                .toServer(0, "hell")
                .read(handler);

        assertThat(handler.toServer(0)).isEqualTo("hello world");
    }

    @Test
    void reportsAHoleThatNeverFillsAsAGapOfItsSizeWhenTheConnectionEnds() {
        CaptureStats stats = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(0, "abc")
                .toServer(10, "xyz")
                .toServer(13, Frames.FIN | Frames.ACK, "")
                .toClient(0, Frames.FIN | Frames.ACK, "")
                .read(handler);

        assertThat(handler.toServer(0)).isEqualTo("abc[gap 7]xyz");
        assertThat(stats.gaps()).isEqualTo(1);
        assertThat(stats.gapBytes()).isEqualTo(7);
        assertThat(handler.events).containsSubsequence("gap 0 > 7 @" + (1_700_000_000_000_000L + 70), "closed 0 @" + (1_700_000_000_000_000L + 70));
    }

    @Test
    void waitsAfterTheFinsForARetransmissionThatFillsAHole() {
        CaptureStats stats = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(0, "abc")
                .toServer(10, Frames.FIN | Frames.ACK, "xyz")
                .toClient(0, Frames.FIN | Frames.ACK, "")
                .later(200_000)
                .toServer(3, "defghij")
                .toServer(14, Frames.ACK, "")
                .read(handler);

        assertThat(handler.toServer(0)).isEqualTo("abcdefghijxyz");
        assertThat(stats.connections()).isEqualTo(1);
        assertThat(stats.gaps()).isZero();
        assertThat(handler.events.get(handler.events.size() - 1)).isEqualTo("closed 0 @" + (1_700_000_000_000_000L + 200_070));
    }

    @Test
    void givesUpAHoleAtAReset() {
        CaptureStats stats = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(0, "abc")
                .toServer(10, "xyz")
                .toClient(0, Frames.RST, "")
                .read(handler);

        assertThat(handler.toServer(0)).isEqualTo("abc[gap 7]xyz");
        assertThat(handler.events).containsSubsequence("gap 0 > 7 @" + (1_700_000_000_000_000L + 60), "closed 0 @" + (1_700_000_000_000_000L + 60));
        assertThat(stats.gapBytes()).isEqualTo(7);
    }

    @Test
    void aClientSynOnAnOpenTupleStartsAnotherConnection() {
        CaptureStats stats = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(0, "old")
                .packet(true, 90_000, Frames.SYN, "")
                .packet(true, 90_001, Frames.ACK, "new")
                .read(handler);

        assertThat(stats.connections()).isEqualTo(2);
        assertThat(handler.toServer(0)).isEqualTo("old");
        assertThat(handler.toServer(1)).isEqualTo("new");
    }

    @Test
    void givesUpAHoleOnceTheConnectionHasMovedOnForASecondOfCaptureTime() {
        Conversation c = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(0, "abc")
                .toServer(10, "xyz")
                .later(400_000)
                .toClient(0, "early");
        long early = c.micros;
        c.later(700_000).toClient(5, "late");
        long late = c.micros;
        c.later(10_000).toServer(13, "!");

        c.read(handler);

        assertThat(handler.toServer(0)).isEqualTo("abc[gap 7]xyz!");
        assertThat(handler.events).doesNotContain("gap 0 > 7 @" + early);
        assertThat(handler.events).containsSubsequence("data 0 < @" + late, "gap 0 > 7 @" + late, "data 0 > @" + late);
    }

    @Test
    void givesUpAHoleOfAQuietConnectionWhenOtherConnectionsMoveOn() {
        Conversation c = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(0, "abc")
                .toServer(10, "xyz");
        c.clientPort(50001).handshake().later(1_500_000).toServer(0, "other");
        long later = c.micros;

        c.read(handler);

        assertThat(handler.events).containsSubsequence("gap 0 > 7 @" + later, "closed 0 @" + later);
    }

    @Test
    void followsSequenceNumbersAcrossTheirWrapAt2To32() {
        long isn = 0xFFFF_FFF8L;
        CaptureStats stats = new Conversation(isn, 0xFFFF_FFFFL).handshake()
                .toServer(0, "0123")
                .toServer(10, "abcdef")
                .toServer(4, "456789")
                .toClient(0, "reply")
                .toServer(16, "!")
                .read(handler);

        assertThat(handler.toServer(0)).isEqualTo("0123456789abcdef!");
        assertThat(handler.toClient(0)).isEqualTo("reply");
        assertThat(stats.gaps()).isZero();
        assertThat(stats.retransmittedSegments()).isZero();
    }

    @Test
    void startsAConnectionCaughtMidStreamAtItsFirstSegment() {
        CaptureStats stats = new Conversation(123_456, 999).toServer(0, "GET ")
                .toClient(0, "$1\r\nv\r\n")
                .toServer(4, "k\r\n")
                .read(handler);

        assertThat(handler.toServer(0)).isEqualTo("GET k\r\n");
        assertThat(handler.toClient(0)).isEqualTo("$1\r\nv\r\n");
        assertThat(stats.connections()).isEqualTo(1);
    }

    @Test
    void turnsBytesCutByTheSnapLengthIntoAGap() {
        // 14 + 20 + 20 bytes of headers, then 10 of the 16 payload bytes.
        CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(java.nio.ByteOrder.BIG_ENDIAN, false, 1, 64);
        CaptureStats stats = new Conversation(pcap, ISN, SERVER_ISN).handshake()
                .toServer(0, "0123456789abcdef")
                .toServer(16, "xy")
                .read(handler);

        assertThat(handler.toServer(0)).isEqualTo("0123456789[gap 6]xy");
        assertThat(stats.truncatedPackets()).isEqualTo(1);
        assertThat(stats.gapBytes()).isEqualTo(6);
    }

    @Test
    void closesOnResetAndDoesNotReopenOnWhatFollows() {
        CaptureStats stats = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(0, "abc")
                .toClient(0, Frames.RST | Frames.ACK, "")
                .toServer(3, Frames.ACK, "")
                .read(handler);

        assertThat(stats.connections()).isEqualTo(1);
        assertThat(handler.events).filteredOn(e -> e.startsWith("closed")).hasSize(1);
        assertThat(handler.events.get(handler.events.size() - 1)).startsWith("closed 0");
    }

    @Test
    void aNewSynOnAClosedTupleIsANewConnectionButARetransmittedSynIsNot() {
        CaptureStats stats = new Conversation(ISN, SERVER_ISN)
                .packet(true, ISN, Frames.SYN, "")
                .packet(true, ISN, Frames.SYN, "")
                .handshake()
                .toServer(0, "a")
                .toServer(1, Frames.FIN | Frames.ACK, "")
                .toClient(0, Frames.FIN | Frames.ACK, "")
                .packet(true, 77_000, Frames.SYN, "")
                .read(handler);

        assertThat(stats.connections()).isEqualTo(2);
        assertThat(handler.events).extracting(e -> e.substring(0, e.indexOf(' ', 7)))
                .containsExactly("opened 0", "data 0 >", "closed 0", "opened 1", "closed 1");
    }

    @Test
    void evictsTheConnectionIdleLongestBeyondTheFlowLimit() {
        Conversation c = new Conversation(ISN, SERVER_ISN);
        c.clientPort(40001).handshake().toServer(0, "one");
        c.clientPort(40002).handshake().toServer(0, "two");
        c.clientPort(40001).toServer(3, "!");
        c.clientPort(40003).handshake().toServer(0, "three");

        CaptureStats stats = c.read(handler, new ReassemblyLimits(2, 1 << 20, 64 << 20, 1_000_000));

        assertThat(stats.flowsEvicted()).isEqualTo(1);
        assertThat(handler.events).filteredOn(e -> e.startsWith("opened") || e.startsWith("closed"))
                .extracting(e -> e.substring(0, e.indexOf(' ', 7)))
                .containsExactly("opened 0", "opened 1", "closed 1", "opened 2", "closed 0", "closed 2");
        assertThat(handler.toServer(0)).isEqualTo("one!");
    }

    @Test
    void givesUpAHoleWhenItsDirectionBuffersMoreThanItsShare() {
        Conversation c = new Conversation(ISN, SERVER_ISN).handshake()
                .toServer(0, "a")
                .toServer(5, "bbbbbbbb");
        c.toServer(13, "cccccccc");
        long overflow = c.micros;

        CaptureStats stats = c.read(handler, new ReassemblyLimits(10, 10, 1 << 20, 1_000_000));

        assertThat(handler.toServer(0)).isEqualTo("a[gap 4]bbbbbbbbcccccccc");
        assertThat(handler.events).contains("gap 0 > 4 @" + overflow);
        assertThat(stats.outOfOrderSegments()).isEqualTo(2);
    }

    @Test
    void givesUpTheOldestHoleWhenAllDirectionsTogetherBufferTooMuch() {
        Conversation c = new Conversation(ISN, SERVER_ISN);
        c.clientPort(40001).handshake().toServer(0, "a").toServer(5, "bbbbbbbb");
        c.clientPort(40002).handshake().toServer(0, "a").toServer(5, "cccccccc");
        long overflow = c.micros;

        c.read(handler, new ReassemblyLimits(10, 100, 12, 1_000_000));

        assertThat(handler.events).contains("gap 0 > 4 @" + overflow);
        assertThat(handler.toServer(0)).isEqualTo("a[gap 4]bbbbbbbb");
    }

    @Test
    void takesTheServerFromThePredicateAndOtherwiseTheLowerPort() throws IOException {
        CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(1);
        pcap.add(1, Frames.ethernet(Frames.ipv4("10.0.0.9", "10.0.0.1",
                Frames.tcp(7000, 80, 1, 0, Frames.ACK, Frames.ascii("to the server on 7000")))));
        pcap.add(2, Frames.ethernet(Frames.ipv6("2001:db8::5", "::1",
                Frames.tcp(40000, 8080, 1, 0, Frames.ACK, Frames.ascii("to the lower port")))));

        PcapStreams.read(new ByteArrayInputStream(pcap.bytes()), p -> p == 7000, handler);

        assertThat(handler.flows.get(0).server()).isEqualTo("10.0.0.9:7000");
        assertThat(handler.flows.get(0).client()).isEqualTo("10.0.0.1:80");
        assertThat(handler.toClient(0)).isEqualTo("to the server on 7000");
        assertThat(handler.flows.get(1).server()).isEqualTo("[::1]:8080");
        assertThat(handler.flows.get(1).client()).isEqualTo("[2001:db8::5]:40000");
        assertThat(handler.toServer(1)).isEqualTo("to the lower port");
    }

    @Test
    void closesEveryOpenConnectionAtTheEndOfTheCaptureInOrderOfAppearance() {
        Conversation c = new Conversation(ISN, SERVER_ISN);
        c.clientPort(40001).handshake();
        c.clientPort(40002).handshake();
        c.clientPort(40001).toServer(0, "x");

        c.read(handler);

        assertThat(handler.events).filteredOn(e -> e.startsWith("closed"))
                .containsExactly("closed 0 @" + c.micros, "closed 1 @" + c.micros);
    }
}
