package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.completion.CompletionScripts;
import dev.stampededoctor.cli.completion.Shell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompletionCommandTest {

    @ParameterizedTest
    @EnumSource(Shell.class)
    void each_shell_script_is_pinned(Shell shell) {
        CliRun run = CliRun.of("completion", shell.name());
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.err()).isEmpty();
        Golden.assertMatches("completion." + shell.name(), run.out());
    }

    @Test
    void every_script_knows_the_commands_and_the_report_formats() {
        for (Shell shell : Shell.values()) {
            assertThat(CliRun.of("completion", shell.name()).out()).as(shell.name())
                    .contains("analyze", "completion", "format", "markdown");
        }
    }

    @Test
    void completion_help_is_pinned() {
        CliRun run = CliRun.of("completion", "--help");
        assertThat(run.exitCode()).isZero();
        Golden.assertMatches("help-completion.txt", run.out());
        assertThat(run.out()).contains("Exit codes:", "Examples:");
    }

    @Test
    void an_unknown_shell_is_a_usage_error_naming_the_known_ones() {
        CliRun run = CliRun.of("completion", "tcsh");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("bash, zsh, fish");
    }

    @Test
    void the_build_step_writes_exactly_what_the_command_prints(@TempDir Path dir) throws Exception {
        CompletionScripts.main(dir.toString());
        assertThat(dir.resolve("stampede-doctor.bash")).hasContent(CliRun.of("completion", "bash").out());
        assertThat(dir.resolve("_stampede-doctor")).hasContent(CliRun.of("completion", "zsh").out());
        assertThat(Files.readString(dir.resolve("stampede-doctor.fish"), StandardCharsets.UTF_8))
                .isEqualTo(CliRun.of("completion", "fish").out());
    }
}
