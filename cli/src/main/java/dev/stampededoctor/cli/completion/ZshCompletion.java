package dev.stampededoctor.cli.completion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A native zsh completion script ({@code #compdef}, {@code _arguments}) from a picocli command
 * tree: one function per command, options with their descriptions and value candidates.
 *
 * <p>Why not picocli's bash script through {@code bashcompinit}: that script sets
 * {@code COMPLETE_ALIASES} and aliases {@code compopt} in the user's shell, may run
 * {@code compinit} itself, cannot be autoloaded from {@code $fpath}, and shows no descriptions.
 * This one works both autoloaded (as {@code _stampede-doctor}) and sourced.
 */
public final class ZshCompletion {
    private final StringBuilder out = new StringBuilder();

    private ZshCompletion() {
    }

    /** The script for {@code root} and every visible subcommand below it. */
    public static String script(CommandSpec root) {
        String name = root.name();
        ZshCompletion zsh = new ZshCompletion();
        zsh.out.append("#compdef ").append(name).append('\n')
                .append("# zsh completion for ").append(name)
                .append(", generated from its picocli model at build time; do not edit.\n")
                .append("# Install: save as _").append(name).append(" in a directory on $fpath (before compinit runs),\n")
                .append("# or after compinit: source <(").append(name).append(" completion zsh)\n");
        zsh.command(root, "_" + name);
        zsh.out.append('\n')
                .append("if [ \"$funcstack[1]\" = \"_").append(name).append("\" ]; then\n")
                .append("  _").append(name).append(" \"$@\"\n")
                .append("else\n")
                .append("  compdef _").append(name).append(' ').append(name).append('\n')
                .append("fi\n");
        return zsh.out.toString();
    }

    private void command(CommandSpec spec, String function) {
        Map<String, CommandSpec> subcommands = CompletionModel.subcommands(spec);
        List<String> specs = new ArrayList<>();
        for (OptionSpec option : CompletionModel.options(spec)) {
            specs.add(option(option));
        }
        if (subcommands.isEmpty()) {
            for (PositionalParamSpec param : CompletionModel.positionals(spec)) {
                specs.addAll(positional(param));
            }
        } else {
            specs.add("'1: :->command'");
            specs.add("'*:: :->args'");
        }
        out.append('\n').append(function).append("() {\n");
        if (!subcommands.isEmpty()) {
            out.append("  local curcontext=$curcontext state line ret=1\n")
                    .append("  typeset -A opt_args\n")
                    .append("  _arguments -C -s -S \\\n");
        } else {
            out.append("  _arguments -s -S \\\n");
        }
        for (int i = 0; i < specs.size(); i++) {
            out.append("    ").append(specs.get(i)).append(i + 1 < specs.size() ? " \\\n" : "");
        }
        if (subcommands.isEmpty()) {
            out.append("\n}\n");
            return;
        }
        out.append(" && return\n\n")
                .append("  case $state in\n")
                .append("    command)\n")
                .append("      local -a commands=(\n");
        for (Map.Entry<String, CommandSpec> sub : subcommands.entrySet()) {
            out.append("        ").append(quote(sub.getKey().replace(":", "\\:") + ":"
                    + CompletionModel.summary(sub.getValue()))).append('\n');
        }
        out.append("      )\n")
                .append("      _describe -t commands '").append(spec.name()).append(" command' commands && ret=0\n")
                .append("      ;;\n")
                .append("    args)\n")
                .append("      curcontext=${curcontext%:*:*}:").append(spec.name()).append("-$line[1]:\n")
                .append("      case $line[1] in\n");
        for (String sub : subcommands.keySet()) {
            out.append("        ").append(sub).append(") ").append(function).append('_').append(sub)
                    .append(" && ret=0 ;;\n");
        }
        out.append("      esac\n")
                .append("      ;;\n")
                .append("  esac\n")
                .append("  return ret\n")
                .append("}\n");
        for (Map.Entry<String, CommandSpec> sub : subcommands.entrySet()) {
            command(sub.getValue(), function + "_" + sub.getKey());
        }
    }

    /** One {@code _arguments} spec, e.g. {@code '(-f --format)'{-f+,--format=}'[Report format]:FORMAT:(text json)'}. */
    private static String option(OptionSpec option) {
        String[] names = option.names();
        boolean flag = CompletionModel.isFlag(option);
        String exclusion = "";
        if (option.usageHelp() || option.versionHelp()) {
            exclusion = "(- *)";
        } else if (names.length > 1) {
            exclusion = "(" + String.join(" ", names) + ")";
        }
        List<String> forms = new ArrayList<>();
        for (String name : names) {
            forms.add(flag ? name : name + (name.startsWith("--") ? "=" : "+"));
        }
        String rest = "[" + bracketed(CompletionModel.summary(option)) + "]";
        if (!flag) {
            rest += ":" + colonEscaped(CompletionModel.label(option)) + ":" + action(option);
        }
        String prefix = exclusion + (option.typeInfo().isMultiValue() ? "*" : "");
        if (forms.size() == 1) {
            return quote(prefix + forms.get(0) + rest);
        }
        // Brace expansion makes one spec per name: '(-f --format)'{-f+,--format=}'[...]'.
        return (prefix.isEmpty() ? "" : quote(prefix)) + "{" + String.join(",", forms) + "}" + quote(rest);
    }

    private static List<String> positional(PositionalParamSpec param) {
        String message = colonEscaped(CompletionModel.label(param));
        String action = action(param);
        List<String> specs = new ArrayList<>();
        if (param.index().isVariable() || param.index().max() == Integer.MAX_VALUE) {
            // Parameters past the first fixed ones: each further word may be another value.
            specs.add(quote("*:" + message + ":" + action));
            return specs;
        }
        boolean optional = param.arity().min() == 0;
        for (int i = param.index().min(); i <= param.index().max(); i++) {
            specs.add(quote((i + 1) + (optional ? "::" : ":") + message + ":" + action));
        }
        return specs;
    }

    /** Candidates as a list, files as {@code _files}, and otherwise a message with no completion. */
    private static String action(picocli.CommandLine.Model.ArgSpec arg) {
        List<String> candidates = CompletionModel.candidates(arg);
        if (!candidates.isEmpty()) {
            List<String> escaped = candidates.stream().map(c -> c.replaceAll("([\\\\ ():])", "\\\\$1")).toList();
            return "(" + String.join(" ", escaped) + ")";
        }
        return CompletionModel.takesFiles(arg) ? "_files" : " ";
    }

    private static String bracketed(String s) {
        return s.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
    }

    private static String colonEscaped(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }

    /** A single-quoted zsh word: {@code '} becomes {@code '\''}. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
