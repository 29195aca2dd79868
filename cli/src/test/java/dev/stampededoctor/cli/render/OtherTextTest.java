package dev.stampededoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The smaller text outputs follow the style too. */
class OtherTextTest {
    private static String check(TextStyle style, Boolean ok, String detail) {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        CheckText.println(out, style, ok, "redis", "monitor", detail);
        out.flush();
        return s.toString();
    }

    @Test
    void check_lines_wrap_under_the_detail_and_mark_in_ascii_and_colour() {
        String detail = "MONITOR is refused for user cache-reader on redis://cache.internal.example.com:6379: grant +monitor";
        String text = check(TextStyle.PLAIN, false, detail);
        for (String line : text.split("\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(80);
        }
        assertThat(text).startsWith("✗ redis    monitor                MONITOR").contains("\n" + " ".repeat(34))
                .contains("redis://cache.internal.example.com:6379:");
        assertThat(check(new TextStyle(80, false, false), true, "ok")).startsWith("+ redis");
        assertThat(check(new TextStyle(80, true, true), true, "ok")).startsWith("\033[32m✓\033[0m redis");
    }
}
