package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Text output at a given COLUMNS: pinned at 80 and 120, never wider than the terminal but for unbreakable tokens. */
class TerminalWidthTest {
    private static final Path INVALIDATION = Path.of("../examples/invalidation-stampede.monitor.log");
    private static final Path TTL_HERD = Path.of("../examples/ttl-herd.monitor.log");

    private static CliRun at(int columns, String... args) {
        return CliRun.withEnv(Map.of("LANG", "en_US.UTF-8", "COLUMNS", Integer.toString(columns)), args);
    }

    private static String analyze(int columns, Path file) {
        CliRun run = at(columns, "analyze", "--format", "text", file.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        return run.out().replace(file.toString(), "EXAMPLE");
    }

    private static String simulate(int columns, Path file) {
        CliRun run = at(columns, "simulate", "--format", "text", file.toString());
        assertThat(run.exitCode()).as("%s", run).isIn(ExitCode.OK, ExitCode.FOUND);
        return run.out().replace(file.toString(), "TTL_HERD");
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void analyze_text_is_pinned_at_80_and_120_columns(int columns) {
        Golden.assertMatches("analyze-example-" + columns + ".txt", analyze(columns, INVALIDATION));
        Golden.assertMatches("analyze-ttl-herd-" + columns + ".txt", analyze(columns, TTL_HERD));
    }

    @Test
    void simulate_text_is_pinned_at_80_columns() {
        Golden.assertMatches("simulate-ttl-herd-80.txt", simulate(80, TTL_HERD));
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 100, 120})
    void no_line_is_wider_than_the_terminal_but_for_a_token_that_cannot_break(int columns) {
        List<String> outputs = List.of(analyze(columns, INVALIDATION), analyze(columns, TTL_HERD), simulate(columns, TTL_HERD));
        for (String out : outputs) {
            assertThat(tooWide(out, columns)).as("lines wider than %d columns in%n%s", columns, out).isEmpty();
        }
    }

    @Test
    void keys_addresses_and_paths_are_never_split_even_at_40_columns() {
        String narrow = analyze(40, INVALIDATION);
        assertThat(narrow).contains("product:42:detail", "127.0.0.1:39332", "product:*:detail",
                "lock:product:42:detail", "EXAMPLE:104:");
        assertThat(analyze(40, TTL_HERD)).contains("home:feed:v2", "2026-11-24T08:26:40.568247Z");
    }

    @Test
    void an_insane_columns_is_clamped_to_40_and_a_non_number_is_ignored() {
        assertThat(analyze(5, INVALIDATION)).isEqualTo(analyze(40, INVALIDATION));
        CliRun junk = CliRun.withEnv(Map.of("LANG", "C.UTF-8", "COLUMNS", "wide"), "analyze", "-f", "text",
                INVALIDATION.toString());
        assertThat(junk.out().replace(INVALIDATION.toString(), "EXAMPLE")).isEqualTo(analyze(80, INVALIDATION));
    }

    @Test
    void sparklines_fall_back_to_ascii_outside_a_utf8_locale() {
        CliRun ascii = CliRun.withEnv(Map.of("LANG", "C", "COLUMNS", "80"), "analyze", "-f", "text", TTL_HERD.toString());
        String line = ascii.out().lines().filter(l -> l.contains("per 100 ms")).findFirst().orElseThrow();
        assertThat(line).contains("max 8").doesNotContain("█", "·");
        CliRun lcAll = CliRun.withEnv(Map.of("LANG", "C", "LC_ALL", "de_DE.utf8"), "analyze", "-f", "text",
                TTL_HERD.toString());
        assertThat(lcAll.out()).contains("█");
    }

    @Test
    void colour_is_off_for_pipes_and_under_no_color_unless_always() {
        String esc = "\033[";
        Map<String, String> env = Map.of("LANG", "C.UTF-8");
        Map<String, String> noColor = Map.of("LANG", "C.UTF-8", "NO_COLOR", "1");
        String file = INVALIDATION.toString();
        assertThat(CliRun.withEnv(env, false, "analyze", "-f", "text", file).out()).doesNotContain(esc);
        assertThat(CliRun.withEnv(env, true, "analyze", "-f", "text", file).out()).contains(esc + "31m");
        assertThat(CliRun.withEnv(noColor, true, "analyze", "-f", "text", file).out()).doesNotContain(esc);
        assertThat(CliRun.withEnv(noColor, false, "--color", "always", "analyze", "-f", "text", file).out())
                .contains(esc + "1mIncidents");
        assertThat(CliRun.withEnv(env, true, "analyze", "--color", "never", "-f", "text", file).out()).doesNotContain(esc);
        // Markdown is pasted elsewhere: never coloured, never wrapped.
        CliRun md = CliRun.withEnv(Map.of("LANG", "C.UTF-8", "COLUMNS", "40"), true, "analyze", "--color", "always",
                "-f", "markdown", file);
        assertThat(md.out()).doesNotContain(esc).isEqualTo(CliRun.of("analyze", "-f", "markdown", file).out());
    }

    @Test
    void coloured_lines_are_as_wide_as_plain_ones() {
        String file = INVALIDATION.toString();
        Map<String, String> env = Map.of("LANG", "C.UTF-8", "COLUMNS", "60");
        String coloured = CliRun.withEnv(env, false, "--color", "always", "analyze", "-f", "text", file).out();
        String plain = CliRun.withEnv(env, false, "analyze", "-f", "text", file).out();
        assertThat(coloured.replaceAll("\033\\[[0-9;]*m", "")).isEqualTo(plain);
    }

    @Test
    void at_40_columns_only_tables_and_long_tokens_overflow() {
        String narrow = analyze(40, INVALIDATION);
        List<String> wide = tooWide(narrow, 40);
        assertThat(wide).as("%s", narrow).allMatch(l -> l.matches("^ +(db|[0-9]+) .*"));
    }

    /**
     * The lines wider than {@code columns} that could have been narrower: those whose last token
     * starts after the label (a line that is a label and one long token cannot break).
     */
    static List<String> tooWide(String out, int columns) {
        List<String> wide = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            if (line.codePointCount(0, line.length()) <= columns) {
                continue;
            }
            String body = line.stripTrailing();
            int lastSpace = body.lastIndexOf(' ');
            // indent and label (at most "stale-while-revalidate  ") then one unbreakable token
            if (lastSpace >= 0 && lastSpace < 25 && body.substring(0, lastSpace).strip().split(" +").length <= 3) {
                continue;
            }
            if (lastSpace < 0) {
                continue;
            }
            wide.add(line);
        }
        return wide;
    }
}
