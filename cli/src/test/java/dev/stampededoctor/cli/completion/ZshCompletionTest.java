package dev.stampededoctor.cli.completion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZshCompletionTest {
    private final String script = ZshCompletion.script(TestTrees.tool());

    @Test
    void it_can_be_autoloaded_from_fpath_or_sourced() {
        assertThat(script).startsWith("#compdef tool\n");
        assertThat(script).contains("if [ \"$funcstack[1]\" = \"_tool\" ]; then\n  _tool \"$@\"\nelse\n  compdef _tool tool\nfi\n");
    }

    @Test
    void each_command_gets_a_function_named_after_its_path() {
        assertThat(script).contains("\n_tool() {", "\n_tool_scan() {", "\n_tool_cache() {", "\n_tool_cache_flush() {",
                "\n_tool_cache_show() {");
        assertThat(script).contains("        scan) _tool_scan && ret=0 ;;", "        flush) _tool_cache_flush && ret=0 ;;");
        assertThat(script).doesNotContain("internal", "secret");
    }

    @Test
    void options_carry_descriptions_candidates_and_exclusions() {
        assertThat(script).contains(
                "'(-p --policy)'{-p+,--policy=}'[The fix to simulate: ttl-jitter, write-through, lock]:POLICY:(ttl-jitter write-through lock)'",
                "'--out=[Where to write]:file:_files'",
                "'*--tag=[Repeatable]:TAG: '",
                "'(- *)'{-h,--help}'[Show this help message and exit]'",
                "'--dry-run[Change nothing]'");
    }

    @Test
    void brackets_quotes_and_backslashes_are_escaped() {
        assertThat(script).contains("'--label=[A label with '\\''quotes'\\'' and a \\\\ backslash \\[bracketed\\]]:TEXT: '");
    }

    @Test
    void positionals_complete_by_index_and_commands_with_their_summary() {
        assertThat(script).contains("    '1:KEY: '");
        assertThat(script).contains("        'flush:Flush entries'", "        'show:Show one key'\\''s state'");
    }
}
