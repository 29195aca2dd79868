package dev.stampededoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparklineTest {
    private static final TextStyle ASCII = new TextStyle(80, false, false);

    @Test
    void the_unicode_form_is_unchanged() {
        assertThat(Sparkline.of(new int[] {0, 1, 4, 8})).isEqualTo("·▁▄█");
        assertThat(Sparkline.of(new int[] {0, 1, 4, 8}, 16)).isEqualTo("·▁▂▄");
        assertThat(Sparkline.of(new int[] {0, 1, 4, 8}, TextStyle.PLAIN)).isEqualTo("·▁▄█");
    }

    @Test
    void ascii_has_a_ramp_of_its_own() {
        String s = Sparkline.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, ASCII);
        assertThat(s).isEqualTo("._-~=+*#@").matches("\\p{ASCII}+");
    }

    @Test
    void the_labelled_form_carries_its_scale() {
        assertThat(Sparkline.labelled(new int[] {100, 300, 714, 200}, "/s", TextStyle.PLAIN).replace(WordWrap.GLUE, ' '))
                .isEqualTo("▁▃█▂ max 714/s");
        assertThat(Sparkline.labelled(new int[] {1, 12}, " per 100 ms", ASCII).replace(WordWrap.GLUE, ' '))
                .isEqualTo("_@ max 12 per 100 ms");
        assertThat(Sparkline.labelled(new int[] {1, 12}, 1000, "/s", TextStyle.PLAIN).replace(WordWrap.GLUE, ' '))
                .endsWith(" max 1,000/s");
    }
}
