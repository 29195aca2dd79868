package dev.stampededoctor.detectors.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SwarTest {

    @Test
    void firstIndexIsTheFirstMatchingByteWhereverTheMatchesAre() {
        Random random = new Random(42);
        byte[] buf = new byte[8];
        for (int round = 0; round < 20_000; round++) {
            random.nextBytes(buf);
            int first = -1;
            for (int i = 0; i < 8; i++) {
                // A quarter of the bytes are newlines, including runs of them and the byte after one.
                if (random.nextInt(4) == 0) {
                    buf[i] = '\n';
                }
                if (buf[i] == '\n' && first < 0) {
                    first = i;
                }
            }
            long mask = Swar.matches(Swar.word(buf, 0), Swar.NEWLINES);
            assertThat(mask != 0).isEqualTo(first >= 0);
            if (first >= 0) {
                assertThat(Swar.firstIndex(mask)).as("bytes %s", java.util.Arrays.toString(buf)).isEqualTo(first);
            }
        }
    }

    @Test
    void firstIndexOfEverySingleByteAndOfTheBorrowAboveIt() {
        for (int i = 0; i < 8; i++) {
            assertThat(Swar.firstIndex(0x80L << (8 * i))).isEqualTo(i);
            // A borrow flags the bytes above a true match too (0x0b after a 0x0a, say): the lowest still counts.
            assertThat(Swar.firstIndex(0x8080808080808080L << (8 * i))).isEqualTo(i);
        }
    }
}
