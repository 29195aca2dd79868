package dev.stampededoctor.detectors.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    void upper_cases_ascii_letters_a_word_at_a_time_and_leaves_every_other_byte() {
        for (int b = 0; b < 256; b++) {
            long word = 0;
            for (int k = 0; k < 8; k++) {
                // The byte under test in every position, between neighbours that could carry into it.
                word |= (long) ((k % 2 == 0 ? b : 0xff - b) & 0xff) << (8 * k);
            }
            long up = Words.upperAscii(word);
            for (int k = 0; k < 8; k++) {
                int in = (int) (word >>> (8 * k)) & 0xff;
                int expected = in >= 'a' && in <= 'z' ? in - 32 : in;
                assertThat((int) (up >>> (8 * k)) & 0xff).as("byte %d at %d", in, k).isEqualTo(expected);
            }
        }
    }

    @Test
    void loads_up_to_eight_bytes_little_endian_with_zeros_above_them_at_the_end_of_a_buffer_too() {
        byte[] buf = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(Words.load(buf, 0, 8)).isEqualTo(0x0807060504030201L);
        assertThat(Words.load(buf, 1, 3)).isEqualTo(0x040302L);
        assertThat(Words.load(buf, 7, 3)).isEqualTo(0x0a0908L); // fewer than eight bytes left
        assertThat(Words.load(buf, 10, 0)).isZero();
    }
}
