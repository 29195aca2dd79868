package dev.stampededoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TextStyleTest {
    private static TextStyle detect(Map<String, String> env, boolean tty, int terminalWidth, ColorMode mode) {
        return TextStyle.detect(env, tty, () -> terminalWidth, mode);
    }

    @Test
    void width_comes_from_columns_then_the_terminal_then_80() {
        assertThat(detect(Map.of("COLUMNS", "132"), true, 100, ColorMode.auto).width()).isEqualTo(132);
        assertThat(detect(Map.of("COLUMNS", "12"), false, 0, ColorMode.auto).width()).isEqualTo(40);
        assertThat(detect(Map.of("COLUMNS", "0"), false, 0, ColorMode.auto).width()).isEqualTo(40);
        assertThat(detect(Map.of("COLUMNS", "lots"), true, 100, ColorMode.auto).width()).isEqualTo(100);
        assertThat(detect(Map.of(), true, 100, ColorMode.auto).width()).isEqualTo(100);
        assertThat(detect(Map.of(), true, 0, ColorMode.auto).width()).isEqualTo(80);
        assertThat(detect(Map.of(), false, 100, ColorMode.auto).width()).isEqualTo(80);
    }

    @Test
    void the_terminal_is_not_asked_when_columns_is_set_or_stdout_is_no_terminal() {
        java.util.function.IntSupplier fails = () -> {
            throw new AssertionError("asked the terminal");
        };
        assertThat(TextStyle.detect(Map.of("COLUMNS", "90"), true, fails, ColorMode.auto).width()).isEqualTo(90);
        assertThat(TextStyle.detect(Map.of(), false, fails, ColorMode.auto).width()).isEqualTo(80);
    }

    @Test
    void unicode_follows_lc_all_then_lc_ctype_then_lang() {
        assertThat(TextStyle.unicode(Map.of("LANG", "en_US.UTF-8"))).isTrue();
        assertThat(TextStyle.unicode(Map.of("LANG", "C.utf8"))).isTrue();
        assertThat(TextStyle.unicode(Map.of("LANG", "C"))).isFalse();
        assertThat(TextStyle.unicode(Map.of())).isFalse();
        assertThat(TextStyle.unicode(Map.of("LC_ALL", "C", "LANG", "en_US.UTF-8"))).isFalse();
        assertThat(TextStyle.unicode(Map.of("LC_CTYPE", "de_DE.Utf-8", "LANG", "C"))).isTrue();
        assertThat(TextStyle.unicode(Map.of("LC_ALL", "", "LANG", "en_US.UTF-8"))).isTrue();
    }

    @Test
    void colour_auto_is_on_only_for_a_terminal_without_no_color() {
        assertThat(detect(Map.of(), true, 80, ColorMode.auto).color()).isTrue();
        assertThat(detect(Map.of(), true, 80, null).color()).isTrue();
        assertThat(detect(Map.of(), false, 80, ColorMode.auto).color()).isFalse();
        assertThat(detect(Map.of("NO_COLOR", "1"), true, 80, ColorMode.auto).color()).isFalse();
        assertThat(detect(Map.of("NO_COLOR", ""), true, 80, ColorMode.auto).color()).isTrue();
        assertThat(detect(Map.of("NO_COLOR", "1"), false, 80, ColorMode.always).color()).isTrue();
        assertThat(detect(Map.of(), true, 80, ColorMode.never).color()).isFalse();
    }

    @Test
    void styles_paint_only_when_colour_is_on() {
        TextStyle on = new TextStyle(80, true, true);
        assertThat(on.alarm("x")).isEqualTo("\033[31mx\033[0m");
        assertThat(on.healthy("x")).isEqualTo("\033[32mx\033[0m");
        assertThat(on.heading("x")).isEqualTo("\033[1mx\033[0m");
        assertThat(TextStyle.PLAIN.alarm("x")).isEqualTo("x");
    }

    @Test
    void ellipsis_is_ascii_outside_unicode() {
        assertThat(TextStyle.PLAIN.ellipsize("product:*:detail", 10)).isEqualTo("product:*…");
        assertThat(new TextStyle(80, false, false).ellipsize("product:*:detail", 10)).isEqualTo("product...");
        assertThat(TextStyle.PLAIN.ellipsize("short", 10)).isEqualTo("short");
    }
}
