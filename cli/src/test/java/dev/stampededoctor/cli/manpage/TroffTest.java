package dev.stampededoctor.cli.manpage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TroffTest {

    @Test
    void hyphens_become_minus_signs_so_copied_options_work() {
        assertThat(Troff.escape("--max-keys")).isEqualTo("\\-\\-max\\-keys");
    }

    @Test
    void backslashes_are_printed_not_interpreted() {
        assertThat(Troff.escape("a\\fBb")).isEqualTo("a\\efBb");
    }

    @Test
    void a_line_that_would_read_as_a_request_is_protected() {
        assertThat(Troff.line(".gz files")).isEqualTo("\\&.gz files");
        assertThat(Troff.line("'quoted' word")).isEqualTo("\\&'quoted' word");
        assertThat(Troff.line("a .b 'c'")).isEqualTo("a .b 'c'");
    }

    @Test
    void non_ascii_is_escaped_and_control_characters_dropped() {
        assertThat(Troff.escape("20–60 µs\t!")).isEqualTo("20\\[u2013]60 \\[u00B5]s !");
    }

    @Test
    void macro_arguments_are_quoted() {
        assertThat(Troff.quoted("say \"hi\"")).isEqualTo("\"say \\(dqhi\\(dq\"");
    }
}
