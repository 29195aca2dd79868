package dev.stampededoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void prose_from_a_key_cannot_format_or_inject_html() {
        assertThat(Markdown.text("a|b`c <img src=x> *d* _e_ [f](g) &amp; ~~h~~ \\"))
                .isEqualTo("a|b\\`c \\<img src=x\\> \\*d\\* \\_e\\_ \\[f\\](g) \\&amp; \\~\\~h\\~\\~ \\\\");
    }

    @Test
    void a_code_span_is_fenced_by_more_backticks_than_it_holds() {
        assertThat(Markdown.code("user:*:profile")).isEqualTo("`user:*:profile`");
        assertThat(Markdown.code("a`b")).isEqualTo("``a`b``");
        assertThat(Markdown.code("a``b")).isEqualTo("```a``b```");
        assertThat(Markdown.code("`edge")).isEqualTo("`` `edge ``");
    }

    @Test
    void pipes_are_escaped_only_in_table_cells() {
        assertThat(Markdown.code("a|b")).isEqualTo("`a|b`");
        assertThat(Markdown.cellCode("a|b")).isEqualTo("`a\\|b`");
    }

    @Test
    void a_code_block_fence_outlasts_the_backticks_inside() {
        assertThat(Markdown.fence("redis.set(key)")).isEqualTo("```");
        assertThat(Markdown.fence("x ```` y")).isEqualTo("`````");
    }
}
