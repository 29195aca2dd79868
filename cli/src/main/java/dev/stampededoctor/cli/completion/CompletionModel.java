package dev.stampededoctor.cli.completion;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What a completion script needs from the picocli model, read the same way for zsh, fish and
 * the man pages: visible options, parameters and subcommands, value candidates, one-line
 * summaries. Hidden options and commands are left out, as picocli's own bash generator does.
 */
public final class CompletionModel {
    /** A full stop that ends an abbreviation rather than a sentence. */
    private static final Pattern ABBREVIATION = Pattern.compile("(?:^|[\\s(])(?:e\\.g|i\\.e|etc)\\.$");

    private CompletionModel() {
    }

    /** The options a user may type, in declaration order. */
    public static List<OptionSpec> options(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden()).toList();
    }

    /** The positional parameters a user may type, in index order. */
    public static List<PositionalParamSpec> positionals(CommandSpec spec) {
        return spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    }

    /** Visible subcommands by their primary name; aliases do not repeat a command. */
    public static Map<String, CommandSpec> subcommands(CommandSpec spec) {
        Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
        Map<String, CommandSpec> result = new LinkedHashMap<>();
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (seen.put(sub, Boolean.TRUE) == null && !s.usageMessage().hidden()) {
                result.put(s.name(), s);
            }
        }
        return result;
    }

    /** True for options that take no value (flags such as {@code --replica}). */
    public static boolean isFlag(OptionSpec option) {
        return option.arity().max() == 0;
    }

    /** The values to offer for an option or parameter: declared candidates or enum constants; else empty. */
    public static List<String> candidates(ArgSpec arg) {
        List<String> result = new ArrayList<>();
        Iterable<String> candidates = arg.completionCandidates();
        if (candidates != null) {
            candidates.forEach(result::add);
        }
        return result;
    }

    /**
     * True when the value is a file name: the type (or element type) is {@link File} or
     * {@link Path}. The same rule as picocli's bash generator, so every shell agrees.
     */
    public static boolean takesFiles(ArgSpec arg) {
        Class<?> type = arg.typeInfo().isMultiValue() ? arg.typeInfo().getAuxiliaryTypes()[0] : arg.type();
        return type == File.class || type == Path.class;
    }

    /** The parameter label without picocli's angle brackets: {@code FORMAT}, {@code N}. */
    public static String label(ArgSpec arg) {
        return arg.paramLabel().replaceAll("^<(.*)>$", "$1");
    }

    /** The first sentence of an option's or parameter's description, for a completion menu. */
    public static String summary(ArgSpec arg) {
        return firstSentence(String.join(" ", arg.description()));
    }

    /** A command's one-line summary: its header, else the first sentence of its description. */
    public static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String text = header.length > 0 ? header[0] : String.join(" ", spec.usageMessage().description());
        return firstSentence(text.replace("%n", " "));
    }

    /**
     * Text up to the first full stop followed by a space (or the end), without that stop. A stop
     * inside parentheses or ending "e.g.", "i.e." or "etc." does not end the sentence.
     */
    static String firstSentence(String text) {
        String s = text.strip().replaceAll("\\s+", " ");
        int depth = 0;
        for (int i = 0; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == '.' && s.charAt(i + 1) == ' ' && depth == 0 && !ABBREVIATION.matcher(s.substring(0, i + 1)).find()) {
                return s.substring(0, i);
            }
        }
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

}
