package dev.stampededoctor.cli.completion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

class CompletionModelTest {
    private final CommandSpec tool = TestTrees.tool();

    @Test
    void summaries_are_the_first_sentence_without_its_full_stop() {
        assertThat(CompletionModel.firstSentence("Change nothing. Only say what would change.")).isEqualTo("Change nothing");
        assertThat(CompletionModel.firstSentence("Key patterns (default: 50).")).isEqualTo("Key patterns (default: 50)");
        assertThat(CompletionModel.firstSentence("  Spread\n over   lines ")).isEqualTo("Spread over lines");
        assertThat(CompletionModel.firstSentence("Version 2.6 and later")).isEqualTo("Version 2.6 and later");
        assertThat(CompletionModel.firstSentence("Spread, e.g. 10%; at most 90%. More.")).isEqualTo("Spread, e.g. 10%; at most 90%");
        assertThat(CompletionModel.firstSentence("A canary (e.g. 1%). More.")).isEqualTo("A canary (e.g. 1%)");
        assertThat(CompletionModel.firstSentence("Lines (plain. or gzip) etc. here. More.")).isEqualTo("Lines (plain. or gzip) etc. here");
    }

    @Test
    void a_command_is_summarised_by_its_header_else_its_description() {
        assertThat(CompletionModel.summary(tool.subcommands().get("scan").getCommandSpec())).isEqualTo("Scan a live server");
        CommandSpec cache = tool.subcommands().get("cache").getCommandSpec();
        assertThat(CompletionModel.summary(cache.subcommands().get("flush").getCommandSpec())).isEqualTo("Flush entries");
    }

    @Test
    void hidden_options_and_commands_are_left_out() {
        assertThat(CompletionModel.options(tool)).extracting(o -> o.longestName()).doesNotContain("--secret");
        assertThat(CompletionModel.subcommands(tool)).containsOnlyKeys("scan", "cache");
    }

    @Test
    void candidates_come_from_the_option_and_files_from_its_type() {
        assertThat(CompletionModel.candidates(tool.findOption("--policy"))).containsExactly("ttl-jitter", "write-through", "lock");
        CommandSpec scan = tool.subcommands().get("scan").getCommandSpec();
        assertThat(CompletionModel.takesFiles(scan.findOption("--out"))).isTrue();
        assertThat(CompletionModel.takesFiles(scan.findOption("--label"))).isFalse();
        assertThat(CompletionModel.label(scan.findOption("--out"))).isEqualTo("file");
    }
}
