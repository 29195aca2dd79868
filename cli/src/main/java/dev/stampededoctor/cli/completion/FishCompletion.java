package dev.stampededoctor.cli.completion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A fish completion script from a picocli command tree (picocli generates bash only). One
 * {@code complete} line per subcommand, option and candidate list, each guarded by a condition
 * on the subcommands already typed, so that options show only under their own command.
 *
 * <pre>{@code
 * String script = FishCompletion.script(Main.commandLine(out, err).getCommandSpec());
 * }</pre>
 */
public final class FishCompletion {
    private final String command;
    private final StringBuilder out = new StringBuilder();

    private FishCompletion(String command) {
        this.command = command;
    }

    /** The script for {@code root} and every visible subcommand below it. */
    public static String script(CommandSpec root) {
        FishCompletion fish = new FishCompletion(root.name());
        fish.out.append("# fish completion for ").append(root.name())
                .append(", generated from its picocli model at build time; do not edit.\n")
                .append("# Install: copy to ~/.config/fish/completions/").append(root.name()).append(".fish,\n")
                .append("# or for this session only: ").append(root.name()).append(" completion fish | source\n");
        fish.command(root, List.of());
        return fish.out.toString();
    }

    private void command(CommandSpec spec, List<String> path) {
        Map<String, CommandSpec> subcommands = CompletionModel.subcommands(spec);
        String condition = condition(path, subcommands.keySet());
        out.append('\n').append("# ").append(String.join(" ", prepend(command, path))).append('\n');
        boolean filesAllowed = false;
        boolean filesSuppressed = !subcommands.isEmpty();
        for (Map.Entry<String, CommandSpec> sub : subcommands.entrySet()) {
            line(condition, "-f -a " + quote(sub.getKey()) + " -d " + quote(CompletionModel.summary(sub.getValue())));
        }
        for (OptionSpec option : CompletionModel.options(spec)) {
            line(condition, option(option));
        }
        for (PositionalParamSpec param : CompletionModel.positionals(spec)) {
            List<String> candidates = CompletionModel.candidates(param);
            if (!candidates.isEmpty()) {
                line(condition, "-f -a " + quote(String.join(" ", candidates)));
                filesSuppressed = true;
            }
            filesAllowed |= candidates.isEmpty() && CompletionModel.takesFiles(param);
        }
        if (!filesAllowed && !filesSuppressed) {
            // fish offers file names wherever no completion says otherwise.
            line(condition, "-f");
        }
        for (Map.Entry<String, CommandSpec> sub : subcommands.entrySet()) {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            command(sub.getValue(), subPath);
        }
    }

    private String option(OptionSpec option) {
        StringBuilder b = new StringBuilder();
        for (String name : option.names()) {
            if (name.startsWith("--")) {
                b.append("-l ").append(quote(name.substring(2))).append(' ');
            } else if (name.length() == 2) {
                b.append("-s ").append(quote(name.substring(1))).append(' ');
            } else {
                b.append("-o ").append(quote(name.substring(1))).append(' ');
            }
        }
        if (!CompletionModel.isFlag(option)) {
            List<String> candidates = CompletionModel.candidates(option);
            if (!candidates.isEmpty()) {
                b.append("-x -a ").append(quote(String.join(" ", candidates))).append(' ');
            } else if (CompletionModel.takesFiles(option)) {
                b.append("-r -F ");
            } else {
                b.append("-x ");
            }
        }
        return b.append("-d ").append(quote(CompletionModel.summary(option))).toString();
    }

    private void line(String condition, String rest) {
        out.append("complete -c ").append(quote(command)).append(" -n ").append(quote(condition)).append(' ')
                .append(rest).append('\n');
    }

    /**
     * True when the words typed so far name exactly this command: every name on its path was
     * seen, and none of its own subcommands yet.
     */
    private static String condition(List<String> path, Iterable<String> subcommands) {
        List<String> parts = new ArrayList<>();
        for (String name : path) {
            parts.add("__fish_seen_subcommand_from " + name);
        }
        String children = String.join(" ", subcommands);
        if (!children.isEmpty()) {
            parts.add("not __fish_seen_subcommand_from " + children);
        }
        return parts.isEmpty() ? "true" : String.join("; and ", parts);
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** A fish single-quoted string: only {@code \} and {@code '} need escaping inside one. */
    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
