package dev.stampededoctor.detectors.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcapTimeCutTest {
    private static final long START = 1_796_000_000_000_000L; // µs

    /** A classic pcap stream of {@code records} records, one every 1 ms, of 0 to 200 bytes each; the record offsets in {@code ends}. */
    private static byte[] capture(ByteOrder order, boolean nanos, int records, int[] ends, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer file = ByteBuffer.allocate(24).order(order);
        file.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(262144).putInt(1);
        out.writeBytes(file.array());
        for (int r = 0; r < records; r++) {
            long micros = START + r * 1000L;
            int length = random.nextInt(201);
            ByteBuffer h = ByteBuffer.allocate(16).order(order);
            h.putInt((int) (micros / 1_000_000)).putInt((int) (nanos ? micros % 1_000_000 * 1000 : micros % 1_000_000))
                    .putInt(length).putInt(length);
            out.writeBytes(h.array());
            byte[] body = new byte[length];
            random.nextBytes(body);
            out.writeBytes(body);
            ends[r] = out.size();
        }
        return out.toByteArray();
    }

    /** The stream through the cut in chunks of random sizes (1 to {@code maxChunk} bytes), with the cut set after {@code cutAfterBytes}. */
    private static byte[] through(PcapTimeCut cut, byte[] stream, int maxChunk, Random random, long cutAt, int cutAfterBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] dst = new byte[maxChunk + PcapTimeCut.HELD_BACK];
        for (int i = 0; i < stream.length && !cut.done(); ) {
            if (i >= cutAfterBytes) {
                cut.cutAfter(cutAt);
            }
            int n = Math.min(1 + random.nextInt(maxChunk), stream.length - i);
            if (i < cutAfterBytes) {
                n = Math.min(n, cutAfterBytes - i); // the cut is set exactly there
            }
            int written = cut.filter(stream, i, n, dst, 0);
            assertThat(written).isBetween(0, n + PcapTimeCut.HELD_BACK);
            out.write(dst, 0, written);
            i += n;
        }
        return out.toByteArray();
    }

    @Test
    void without_a_cut_the_stream_goes_through_unchanged_in_chunks_of_any_size() {
        Random random = new Random(1);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int[] ends = new int[500];
            byte[] stream = capture(order, false, 500, ends, random);
            for (int maxChunk : new int[] {1, 7, 16, 100, 4096, 1 << 20}) {
                assertThat(through(new PcapTimeCut(), stream, maxChunk, random, 0, Integer.MAX_VALUE))
                        .as("%s, chunks up to %d", order, maxChunk).isEqualTo(stream);
            }
        }
    }

    @Test
    void a_cut_keeps_every_record_up_to_its_instant_and_none_after_and_never_part_of_one() {
        Random random = new Random(2);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (boolean nanos : new boolean[] {false, true}) {
                int[] ends = new int[400];
                byte[] stream = capture(order, nanos, 400, ends, random);
                for (int trial = 0; trial < 200; trial++) {
                    int last = random.nextInt(400); // the last record kept
                    long cutAt = START + last * 1000L + random.nextInt(1000); // before the next one's instant
                    int maxChunk = 1 + random.nextInt(trial % 2 == 0 ? 20 : 5000);
                    // the cut comes while the stream is read, at most as far as the last record kept
                    int cutAfterBytes = random.nextInt(ends[last] + 1);
                    byte[] out = through(new PcapTimeCut(), stream, maxChunk, random, cutAt, cutAfterBytes);
                    assertThat(out).as("%s nanos=%s last=%d chunks<=%d", order, nanos, last, maxChunk)
                            .isEqualTo(Arrays.copyOf(stream, ends[last]));
                }
            }
        }
    }

    @Test
    void a_cut_before_the_first_record_leaves_the_file_header_alone() {
        Random random = new Random(3);
        int[] ends = new int[10];
        byte[] stream = capture(ByteOrder.LITTLE_ENDIAN, false, 10, ends, random);
        byte[] out = through(new PcapTimeCut(), stream, 3, random, START - 1, 0);
        assertThat(out).isEqualTo(Arrays.copyOf(stream, 24));
    }

    @Test
    void what_is_not_classic_pcap_passes_whole() {
        byte[] pcapng = new byte[300];
        new Random(4).nextBytes(pcapng);
        pcapng[0] = 0x0A;
        pcapng[1] = 0x0D;
        pcapng[2] = 0x0D;
        pcapng[3] = 0x0A;
        PcapTimeCut cut = new PcapTimeCut();
        cut.cutAfter(0);
        assertThat(through(cut, pcapng, 50, new Random(5), 0, 0)).isEqualTo(pcapng);
    }
}
