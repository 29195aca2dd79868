package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Main leaves picocli's built-in converters for java.sql's and java.time's types unregistered
 * (they cost start-up time); an option of such a type without a converter of its own would then
 * fail only when given, with picocli's "no TypeConverter registered". Every option is held here.
 */
class OptionTypesTest {

    @Test
    void no_option_relies_on_a_built_in_converter_main_leaves_out() {
        Pattern excluded = Pattern.compile(Main.CONVERTERS_NOT_NEEDED);
        List<String> args = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        walk(Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), args, missing,
                excluded);
        assertThat(args).as("the walk reaches the options of every command").hasSizeGreaterThan(100)
                .contains("scan --duration", "exporter --window", "analyze --format");
        assertThat(missing).as("options of a java.sql or java.time type with no converter of their own").isEmpty();
    }

    @Test
    void the_options_that_take_a_duration_still_parse_one() {
        CliRun good = CliRun.of("scan", "--duration", "1500ms", "--help");
        assertThat(good.exitCode()).as("%s", good).isZero();
        CliRun bad = CliRun.of("scan", "--duration", "soon", "--help");
        assertThat(bad.exitCode()).as("%s", bad).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("--duration").doesNotContain("TypeConverter");
    }

    private static void walk(CommandLine cmd, List<String> args, List<String> missing, Pattern excluded) {
        String name = cmd.getCommandSpec().qualifiedName(" ").replaceFirst("^\\S+ ?", "");
        for (ArgSpec arg : cmd.getCommandSpec().args()) {
            String label = name + " " + (arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName()
                    : arg.paramLabel());
            args.add(label);
            List<Class<?>> types = new ArrayList<>(List.of(arg.type()));
            types.addAll(List.of(arg.auxiliaryTypes()));
            boolean needsOwn = types.stream().anyMatch(t -> excluded.matcher(t.getName()).matches());
            if (needsOwn && (arg.converters() == null || arg.converters().length == 0)) {
                missing.add(label + " (" + arg.type().getName() + ")");
            }
        }
        cmd.getSubcommands().values().forEach(sub -> walk(sub, args, missing, excluded));
    }
}
