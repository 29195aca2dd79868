package dev.stampededoctor.cli.manpage;

import dev.stampededoctor.cli.completion.CompletionModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * A man page in man(7) source for one command, from the same picocli model as {@code --help}:
 * NAME (the header), SYNOPSIS, DESCRIPTION, ARGUMENTS, OPTIONS, COMMANDS, ENVIRONMENT, EXIT STATUS,
 * EXAMPLES (the footer) and SEE ALSO.
 *
 * <p>Written directly rather than through picocli-codegen's {@code ManPageGenerator}, whose
 * AsciiDoc would need Asciidoctor (Ruby, or AsciidoctorJ and JRuby in the build) to become a
 * page {@code man} can show.
 */
public final class ManPage {
    /** The variables the tool reads (cli code and the launcher), the same on every page. */
    private static final String[][] ENVIRONMENT = {
        {"REDIS_URL", "The Redis to use when --redis is not given, in any of its forms (unix:///path for a socket);"
            + " -h, -p, -s and -n override its parts."},
        {"REDISCLI_AUTH", "The Redis password when neither the URL nor -a/--pass gives one, as for redis-cli."},
        {"PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE",
            "What a --postgres URL leaves out, as for libpq; a password may also come from ~/.pgpass."},
        {"NO_COLOR", "Set and not empty: no colour in text output unless --color always."},
        {"COLUMNS", "The width text output wraps to when stdout is not a terminal that says."},
        {"LC_ALL, LC_CTYPE, LANG", "A UTF-8 locale gives Unicode marks and bars; another, their ASCII forms."},
        {"JAVA_HOME", "The Java 17+ runtime the launcher starts (else java on PATH)."},
        {"JAVA_OPTS", "Options for that JVM, e.g. -Xmx256m (the default --max-keys follows the heap)."},
    };

    private final StringBuilder out = new StringBuilder();

    private ManPage() {
    }

    /** The page name: the command's qualified name with dashes, e.g. {@code stampede-doctor-analyze}. */
    public static String name(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /**
     * The page for {@code spec}.
     *
     * @param version shown in the page footer, e.g. {@code 0.1.0}
     * @param date    the release date, ISO format
     */
    public static String render(CommandSpec spec, String version, String date) {
        ManPage page = new ManPage();
        page.write(spec, version, date);
        return page.out.toString();
    }

    private void write(CommandSpec spec, String version, String date) {
        UsageMessageSpec usage = spec.usageMessage();
        String root = spec.root().name();
        line(".\\\" Generated from the " + root + " picocli model at build time; do not edit.");
        line(".TH " + Troff.quoted(name(spec).toUpperCase(Locale.ROOT)) + " 1 " + Troff.quoted(date) + " "
                + Troff.quoted(root + " " + version) + " \"User Commands\"");
        line(".nh");
        line(".ad l");
        section("NAME");
        line(Troff.escape(name(spec)) + " \\- " + Troff.escape(CompletionModel.summary(spec)));
        section("SYNOPSIS");
        line(Troff.bold(spec.qualifiedName()));
        synopsis(spec).forEach(this::line);
        if (usage.description().length > 0) {
            section("DESCRIPTION");
            paragraphs(usage.description());
        }
        List<PositionalParamSpec> positionals = CompletionModel.positionals(spec);
        if (!positionals.isEmpty()) {
            section("ARGUMENTS");
            for (PositionalParamSpec param : positionals) {
                item(Troff.italic(CompletionModel.label(param)) + (param.isMultiValue() ? "..." : ""), param);
            }
        }
        section("OPTIONS");
        for (OptionSpec option : CompletionModel.options(spec)) {
            item(optionTerm(option), option);
        }
        Map<String, CommandSpec> subcommands = CompletionModel.subcommands(spec);
        if (!subcommands.isEmpty()) {
            section("COMMANDS");
            for (Map.Entry<String, CommandSpec> sub : subcommands.entrySet()) {
                line(".TP");
                line(Troff.bold(sub.getKey()));
                line(Troff.escape(CompletionModel.summary(sub.getValue()) + ". See ") + Troff.bold(name(sub.getValue()))
                        + "(1).");
            }
        }
        section("ENVIRONMENT");
        for (String[] variable : ENVIRONMENT) {
            line(".TP");
            line(Troff.bold(variable[0]));
            line(Troff.line(variable[1]));
        }
        if (!usage.exitCodeList().isEmpty()) {
            section("EXIT STATUS");
            for (Map.Entry<String, String> code : usage.exitCodeList().entrySet()) {
                line(".TP");
                line(Troff.bold(code.getKey().strip()));
                line(Troff.line(code.getValue()));
            }
        }
        if (usage.footer().length > 0) {
            section(heading(usage.footerHeading(), "EXAMPLES"));
            examples(usage.footer());
        }
        section("SEE ALSO");
        List<String> seeAlso = new ArrayList<>();
        if (spec.parent() != null) {
            seeAlso.add(Troff.bold(name(spec.parent())) + "(1)");
        }
        subcommands.values().forEach(sub -> seeAlso.add(Troff.bold(name(sub)) + "(1)"));
        line(seeAlso.isEmpty() ? Troff.escape(root + " --help") : String.join(", ", seeAlso));
    }

    /** One word per option or parameter, as in {@code --help}: {@code [-f=FORMAT]}, {@code FILE...}. */
    private static List<String> synopsis(CommandSpec spec) {
        List<String> words = new ArrayList<>();
        for (OptionSpec option : CompletionModel.options(spec)) {
            String word = Troff.bold(option.shortestName());
            if (!CompletionModel.isFlag(option)) {
                word += "=" + Troff.italic(CompletionModel.label(option));
            }
            if (option.isMultiValue()) {
                word += "...";
            }
            words.add(option.required() ? word : "[" + word + "]");
        }
        for (PositionalParamSpec param : CompletionModel.positionals(spec)) {
            String word = Troff.italic(CompletionModel.label(param)) + (param.isMultiValue() ? "..." : "");
            words.add(param.arity().min() > 0 ? word : "[" + word + "]");
        }
        if (!CompletionModel.subcommands(spec).isEmpty()) {
            words.add(Troff.italic("COMMAND"));
        }
        return words;
    }

    private static String optionTerm(OptionSpec option) {
        List<String> names = new ArrayList<>();
        for (String name : option.names()) {
            names.add(Troff.bold(name));
        }
        String term = String.join(", ", names);
        return CompletionModel.isFlag(option) ? term : term + "=" + Troff.italic(CompletionModel.label(option));
    }

    private void item(String term, ArgSpec arg) {
        line(".TP");
        line(term);
        String[] description = arg.description();
        line(Troff.line(String.join(" ", description).strip()));
    }

    private void paragraphs(String[] lines) {
        for (String paragraph : unformat(String.join("\n", lines)).split("\n")) {
            if (!paragraph.isBlank()) {
                line(".PP");
                line(Troff.line(paragraph.strip()));
            }
        }
    }

    /** The footer's lines as they are, without their common indent, unfilled. */
    private void examples(String[] footer) {
        int indent = Integer.MAX_VALUE;
        for (String s : footer) {
            if (!s.isBlank()) {
                indent = Math.min(indent, s.length() - s.stripLeading().length());
            }
        }
        line(".PP");
        line(".nf");
        for (String s : footer) {
            line(s.isBlank() ? ".sp" : Troff.line(unformat(s.substring(indent)).stripTrailing()));
        }
        line(".fi");
    }

    /** Help texts are format strings: {@code %n} is a line break and {@code %%} a percent sign. */
    private static String unformat(String s) {
        return s.replace("%n", "\n").replace("%%", "%");
    }

    private static String heading(String footerHeading, String fallback) {
        String h = footerHeading.replace("%n", "").replace(":", "").strip();
        return h.isEmpty() ? fallback : h.toUpperCase(Locale.ROOT);
    }

    private void section(String name) {
        line(".SH " + name);
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
