package dev.stampededoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordWrapTest {
    private static final String FIX = "Let one client rebuild product:42:detail: SET lock:product:42:detail <token> NX PX 198;"
            + " the others serve a stale copy or retry after ~99 ms, see https://redis.io/docs/latest/commands/set/ for NX.";

    private static void assertFits(List<String> lines, int width) {
        for (String l : lines) {
            assertThat(l.length()).as("line %s", l).isLessThanOrEqualTo(width);
        }
    }

    /** The words of the wrapped text are the words of the text, none split. */
    private static void assertSameWords(List<String> lines, String prefix, String text) {
        String joined = String.join(" ", lines).substring(prefix.length()).strip();
        assertThat(joined.split(" +")).containsExactly(text.split(" +"));
    }

    @Test
    void wraps_at_80_with_a_hanging_indent_and_never_inside_a_key_or_url() {
        List<String> lines = WordWrap.wrap("     fix 2     ", " ".repeat(15), FIX, 80);
        assertFits(lines, 80);
        assertSameWords(lines, "     fix 2     ", FIX);
        assertThat(lines.get(0)).startsWith("     fix 2     Let one client");
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.startsWith(" ".repeat(15)) && l.charAt(15) != ' ');
        assertThat(String.join("\n", lines)).contains("lock:product:42:detail", "https://redis.io/docs/latest/commands/set/");
    }

    @Test
    void at_120_the_same_text_takes_fewer_lines() {
        List<String> wide = WordWrap.wrap("     why       ", " ".repeat(15), FIX, 120);
        assertFits(wide, 120);
        assertSameWords(wide, "     why       ", FIX);
        assertThat(wide.size()).isLessThan(WordWrap.wrap("     why       ", " ".repeat(15), FIX, 80).size());
    }

    @Test
    void a_token_longer_than_the_line_stands_alone_and_overflows() {
        String url = "https://example.com/a/very/long/path/that/does/not/fit/anywhere";
        List<String> lines = WordWrap.wrap("", "  ", "see " + url + " and 10.0.0.1:6379 now", 20);
        assertThat(lines).containsExactly("see", "  " + url, "  and 10.0.0.1:6379", "  now");
    }

    @Test
    void tiny_widths_put_one_token_per_line() {
        List<String> lines = WordWrap.wrap("", "", "DEL price:sku-0 from 127.0.0.1:39332", 1);
        assertThat(lines).containsExactly("DEL", "price:sku-0", "from", "127.0.0.1:39332");
    }

    @Test
    void short_text_is_one_line_and_inner_runs_of_spaces_are_kept() {
        assertThat(WordWrap.wrap("  ", "    ", "misses ▁█  fills █▁", 80)).containsExactly("  misses ▁█  fills █▁");
        assertThat(WordWrap.wrap("label ", "  ", "", 80)).containsExactly("label ");
    }

    @Test
    void glued_words_stay_together_and_print_as_spaces() {
        String spark = "▁▃█▂" + WordWrap.GLUE + "max" + WordWrap.GLUE + "714/s";
        List<String> lines = WordWrap.wrap("", "  ", "ops/s " + spark + " hit ratio", 14);
        assertThat(lines).containsExactly("ops/s", "  ▁▃█▂ max 714/s", "  hit ratio");
    }

    @Test
    void a_monitor_line_breaks_only_between_its_quoted_arguments() {
        String line = "1795461941.068714 [0 127.0.0.1:39332] \"SET\" \"product:42:detail\" \"{\\\"id\\\":42}\" \"PX\" \"60000\"";
        List<String> lines = WordWrap.wrap("               ", " ".repeat(15), line, 50);
        assertSameWords(lines, "               ", line);
        assertThat(String.join("\n", lines)).contains("127.0.0.1:39332]", "\"product:42:detail\"");
    }

    @Test
    void columns_count_code_points() {
        assertThat(WordWrap.columns("a→b…█")).isEqualTo(5);
    }
}
