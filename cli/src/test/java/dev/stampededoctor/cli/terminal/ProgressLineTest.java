package dev.stampededoctor.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static final String LONG = "scan redis://cache.internal.example.com:6379: ██████████░░░░░░░░░░ 12 s left,"
            + " 1,234,567 lines, 45,678 lines/s, 3 alarms so far, peak 16 concurrent rebuilds on product:*:detail";

    @Test
    void a_line_is_never_wider_than_the_terminal_less_one() {
        String fitted = ProgressLine.fit(LONG, 80, true);
        assertThat(fitted.codePointCount(0, fitted.length())).isEqualTo(79);
        assertThat(fitted).endsWith("…").startsWith("scan redis://");
        String ascii = ProgressLine.fit(LONG, 80, false);
        assertThat(ascii).hasSize(79).endsWith("...");
        assertThat(ProgressLine.fit("short", 80, true)).isEqualTo("short");
        assertThat(ProgressLine.fit("a\nb\tc", 80, true)).isEqualTo("a b c");
    }

    @Test
    void every_redraw_at_80_columns_fits() throws InterruptedException {
        StringWriter buffer = new StringWriter();
        try (ProgressLine line = new ProgressLine(new PrintWriter(buffer), () -> LONG, 80, true)) {
            Thread.sleep(1200);
        }
        String drawn = buffer.toString();
        String[] redraws = drawn.split("\r");
        assertThat(redraws.length).isGreaterThan(2);
        for (String r : redraws) {
            String visible = r.replace("\033[K", "");
            assertThat(visible.codePointCount(0, visible.length())).isLessThanOrEqualTo(79);
        }
    }

    @Test
    void counting_shows_done_of_total_with_rate_and_eta_and_lines_print_above_it() throws InterruptedException {
        assertThat(ProgressLine.counting(new PrintWriter(new StringWriter()), false, "x", "keys", () -> 1, 2, true))
                .as("not a terminal: no line").isNull();
        StringWriter buffer = new StringWriter();
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong(450);
        try (ProgressLine line = ProgressLine.counting(new PrintWriter(buffer), true, "jitter apply", "keys", done::get,
                1_000, false)) {
            Thread.sleep(700);
            line.println("run 2 of 2");
        }
        String drawn = buffer.toString();
        assertThat(drawn).contains("jitter apply #########----------- ", " 45%  450 of 1,000 keys", "keys/s  ETA ")
                .contains("\r\033[Krun 2 of 2\n").endsWith("\r\033[K");
    }

    @Test
    void the_bar_has_an_ascii_form() {
        assertThat(ProgressLine.bar(0.5, 4, false)).isEqualTo("##--");
        assertThat(ProgressLine.bar(0.5, 4)).isEqualTo("██░░");
    }
}
