package dev.stampededoctor.detectors.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RespLineTest {

    private static String text(RespLine line) {
        return new String(Arrays.copyOfRange(line.src, line.off, line.off + line.length), StandardCharsets.ISO_8859_1);
    }

    @Test
    void a_line_in_pieces_of_every_size_reads_as_the_whole_one() {
        String body = "-ERR " + "x".repeat(600) + " 12";
        byte[] wire = (body + "\r\n$5\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (int piece = 1; piece <= wire.length; piece++) {
            RespLine line = new RespLine();
            int next = -1;
            for (int from = 0; from < wire.length && next < 0; from += piece) {
                int end = Math.min(wire.length, from + piece);
                next = line.collect(wire, from, end);
            }
            assertThat(next).as("piece %d", piece).isEqualTo(body.length() + 2);
            assertThat(text(line)).as("piece %d", piece).isEqualTo(body);
            assertThat(line.overflowed()).isFalse();
        }
    }

    @Test
    void a_line_whole_in_its_chunk_is_read_in_place_and_a_number_parsed_from_it() {
        byte[] wire = "*3\r\n".getBytes(StandardCharsets.ISO_8859_1);
        RespLine line = new RespLine();
        assertThat(line.collect(wire, 0, wire.length)).isEqualTo(4);
        assertThat(line.src).isSameAs(wire);
        assertThat(line.at(0)).isEqualTo((byte) '*');
        assertThat(line.number()).isEqualTo(3);
        line.clear();
        assertThat(line.length).isZero();
    }

    @Test
    void a_line_past_the_limit_overflows_whole_or_in_pieces() {
        byte[] wire = ("+" + "y".repeat(RespLine.MAX + 1) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        RespLine whole = new RespLine();
        assertThat(whole.collect(wire, 0, wire.length)).isEqualTo(wire.length);
        assertThat(whole.overflowed()).isTrue();
        RespLine pieces = new RespLine();
        assertThat(pieces.collect(wire, 0, 1000)).isEqualTo(-1);
        assertThat(pieces.collect(wire, 1000, wire.length)).isEqualTo(wire.length);
        assertThat(pieces.overflowed()).isTrue();
        assertThat(pieces.length).isZero();
    }
}
