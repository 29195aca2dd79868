package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

class MainTest {

    @Test
    void help_lists_commands_examples_and_exit_codes() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.err()).isEmpty();
        Golden.assertMatches("help-root.txt", run.out());
        assertThat(run.out()).contains("Exit codes:", "analyze", "Examples:");
    }

    /** A run builds only the command it names; anything else gets the whole tree, so picocli's errors list every command. */
    @Test
    void a_run_builds_the_command_it_names_and_the_whole_tree_otherwise() {
        assertThat(Main.commandNamed(new String[] {"analyze", "x.log"})).isEqualTo("analyze");
        assertThat(Main.commandNamed(new String[] {"--color=never", "ttl-audit", "--redis", "r"})).isEqualTo("ttl-audit");
        assertThat(Main.commandNamed(new String[] {"--version"})).isEmpty();
        assertThat(Main.commandNamed(new String[] {"--help"})).isNull();
        assertThat(Main.commandNamed(new String[] {"analyse", "x.log"})).isNull();
        assertThat(Main.commandNamed(new String[] {})).isNull();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), "analyse", "x.log");
        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("try 'stampede-doctor --help'");
        out = new java.io.StringWriter();
        Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), "completion", "bash");
        assertThat(out.toString()).as("completion is built from every command").contains("ttl-audit", "exporter");
    }

    @Test
    void analyze_help_is_pinned() {
        CliRun run = CliRun.of("analyze", "--help");
        assertThat(run.exitCode()).isZero();
        Golden.assertMatches("help-analyze.txt", run.out());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"scan", "watch", "check", "ttl-audit", "jitter", "jitter plan", "jitter apply", "jitter undo", "drill"})
    void every_help_is_pinned_and_prints_no_warning(String command) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
        args.add("--help");
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        Golden.assertMatches("help-" + command.replace(' ', '-') + ".txt", run.out());
    }

    @Test
    void where_redis_options_are_dash_h_is_the_host_and_a_bare_one_is_a_one_line_hint() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        java.util.List<String> redisCommands = new java.util.ArrayList<>();
        collectRedisCommands(Main.commandLine(sink, sink), redisCommands);
        assertThat(redisCommands).contains("check", "scan", "watch", "ttl-audit", "jitter plan", "jitter apply",
                "jitter undo", "drill");
        for (String command : redisCommands) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
            args.add("-h");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.USAGE);
            assertThat(run.out()).as("%s", run).isEmpty();
            assertThat(run.err().lines()).as("%s", run).hasSize(1);
            assertThat(run.err()).as("%s", run).contains("-h is the Redis host", "stampede-doctor " + command + " --help");
        }
        // Elsewhere, and at the top, -h is still help.
        assertThat(CliRun.of("-h").exitCode()).isZero();
        assertThat(CliRun.of("analyze", "-h").out()).contains("Usage: stampede-doctor analyze");
    }

    private static void collectRedisCommands(CommandLine cmd, java.util.List<String> out) {
        CommandLine.Model.OptionSpec h = cmd.getCommandSpec().findOption("-h");
        if (h != null && !h.usageHelp()) {
            out.add(cmd.getCommandSpec().qualifiedName(" ").substring("stampede-doctor ".length()));
        }
        cmd.getSubcommands().values().forEach(c -> collectRedisCommands(c, out));
    }

    @Test
    void every_command_has_a_summary_a_description_examples_and_exit_codes() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        assertHelpIsComplete(Main.commandLine(sink, sink));
    }

    private static void assertHelpIsComplete(CommandLine cmd) {
        UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
        String name = cmd.getCommandSpec().qualifiedName();
        assertThat(usage.header()).as("%s header (one-line summary)", name).hasSize(1);
        assertThat(usage.description()).as("%s description", name).isNotEmpty();
        assertThat(usage.footerHeading()).as("%s footer heading", name).contains("Examples:");
        assertThat(usage.footer()).as("%s examples", name).isNotEmpty();
        assertThat(usage.exitCodeList()).as("%s exit codes", name).containsKeys(" 0", " 2");
        cmd.getSubcommands().values().forEach(MainTest::assertHelpIsComplete);
    }

    @Test
    void version_names_the_version_and_commit() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("stampede-doctor \\d+\\.\\d+\\.\\d+\\S* \\(commit \\S+\\)");
        assertThat(run.out()).doesNotContain("${");
    }

    @Test
    void no_command_is_a_usage_error() {
        CliRun run = CliRun.of();
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("stampede-doctor: missing command");
    }

    @Test
    void an_unknown_option_is_one_line_with_a_hint() {
        CliRun run = CliRun.of("analyze", "--frobnicate", "x");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("Unknown option: '--frobnicate'", "stampede-doctor analyze --help");
    }

    @Test
    void an_unknown_command_is_a_usage_error() {
        CliRun run = CliRun.of("analyse-everything");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).doesNotContain("Exception");
    }
}
