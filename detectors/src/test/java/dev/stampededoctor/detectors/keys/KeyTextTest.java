package dev.stampededoctor.detectors.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyTextTest {

    @Test
    void printable_utf8_is_shown_as_is() {
        byte[] key = "user:café:☕:😀".getBytes(StandardCharsets.UTF_8);
        assertThat(KeyText.display(key)).isEqualTo("user:café:☕:😀");
        assertThat(KeyText.isPlain(key, 0, key.length)).isTrue();
    }

    @Test
    void control_bytes_invalid_utf8_and_backslashes_are_escaped() {
        byte[] key = {'a', 0x1b, '[', '2', 'J', '\\', (byte) 0xff, (byte) 0xc3, 0, 0x7f, '\n'};
        assertThat(KeyText.display(key)).isEqualTo("a\\x1b[2J\\\\\\xff\\xc3\\x00\\x7f\\x0a");
        assertThat(KeyText.isPlain(key, 0, key.length)).isFalse();
    }

    @Test
    void rejects_overlong_and_surrogate_encodings() {
        byte[] overlong = {(byte) 0xc0, (byte) 0xaf};
        byte[] surrogate = {(byte) 0xed, (byte) 0xa0, (byte) 0x80};
        assertThat(KeyText.display(overlong)).isEqualTo("\\xc0\\xaf");
        assertThat(KeyText.display(surrogate)).isEqualTo("\\xed\\xa0\\x80");
    }

    @Test
    void display_then_parse_returns_every_byte() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] key = new byte[random.nextInt(24)];
            random.nextBytes(key);
            if (round % 3 == 0) {
                byte[] text = ("k:é\\x41:" + round).getBytes(StandardCharsets.UTF_8);
                key = java.util.Arrays.copyOf(text, text.length + key.length);
            }
            assertThat(KeyText.parse(KeyText.display(key))).isEqualTo(key);
        }
    }

    @Test
    void bidi_overrides_and_other_format_characters_are_escaped_and_parse_back() {
        byte[] key = "user:\u202Egnp.exe\u200B:\u2028x\uFEFF".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String shown = KeyText.display(key);
        assertThat(shown).isEqualTo("user:\\xe2\\x80\\xaegnp.exe\\xe2\\x80\\x8b:\\xe2\\x80\\xa8x\\xef\\xbb\\xbf");
        assertThat(KeyText.parse(shown)).isEqualTo(key);
        assertThat(KeyText.isPlain(key, 0, key.length)).isFalse();
        assertThat(KeyText.display("caf\u00e9:\u65e5\u672c".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("caf\u00e9:\u65e5\u672c");
    }
}
