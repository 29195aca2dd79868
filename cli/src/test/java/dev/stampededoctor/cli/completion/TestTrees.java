package dev.stampededoctor.cli.completion;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Small command trees built through picocli's programmatic API, with the shapes the real tool
 * does not have yet: nested groups, hidden options and commands, file options, quotes.
 */
final class TestTrees {

    private TestTrees() {
    }

    /** {@code tool [--dry-run] [-p POLICY] (scan [--out FILE] | cache (flush [--all] | show KEY))} plus a hidden command. */
    static CommandSpec tool() {
        CommandSpec root = CommandSpec.create().name("tool").mixinStandardHelpOptions(true);
        root.addOption(OptionSpec.builder("--dry-run").description("Change nothing. Only say what would change.").build());
        root.addOption(OptionSpec.builder("-p", "--policy").paramLabel("POLICY").type(String.class)
                .completionCandidates(List.of("ttl-jitter", "write-through", "lock"))
                .description("The fix to simulate: ${COMPLETION-CANDIDATES}.").build());
        root.addOption(OptionSpec.builder("--secret").hidden(true).description("Not for users.").build());

        CommandSpec scan = CommandSpec.create();
        scan.usageMessage().header("Scan a live server.");
        scan.addOption(OptionSpec.builder("--out").paramLabel("<file>").type(Path.class).description("Where to write.").build());
        scan.addOption(OptionSpec.builder("--label").paramLabel("TEXT").type(String.class)
                .description("A label with 'quotes' and a \\ backslash [bracketed].").build());
        scan.addOption(OptionSpec.builder("--tag").paramLabel("TAG").type(String[].class).description("Repeatable.").build());
        root.addSubcommand("scan", scan);

        CommandSpec flush = CommandSpec.create();
        flush.usageMessage().description("Flush entries.", "Second line.");
        flush.addOption(OptionSpec.builder("--all").description("Every entry.").build());
        CommandSpec show = CommandSpec.create();
        show.usageMessage().header("Show one key's state.");
        show.addPositional(PositionalParamSpec.builder().paramLabel("KEY").type(String.class).arity("1").build());
        CommandSpec cache = CommandSpec.create();
        cache.usageMessage().header("Cache operations.");
        cache.addSubcommand("flush", flush);
        cache.addSubcommand("show", show);
        root.addSubcommand("cache", cache);

        CommandSpec internal = CommandSpec.create();
        internal.usageMessage().hidden(true);
        root.addSubcommand("internal", internal);
        new CommandLine(root); // ties the specs together as in a real tree (parents, qualified names)
        return root;
    }
}
