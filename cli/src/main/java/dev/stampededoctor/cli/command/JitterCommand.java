package dev.stampededoctor.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jitter plan|apply|undo}: spread the TTLs of a key pattern without an application deploy. */
@Command(
        addMethodSubcommands = false,
        name = "jitter",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        header = "Spread the TTLs of a key pattern so its keys stop expiring together.",
        description = {
            "Each matching key with a TTL gets a new remaining TTL drawn uniformly within ±spread of its"
                    + " current one (10%% turns 600 s into 540 to 660 s). Keys without a TTL are never"
                    + " touched. 'plan' is a dry run; 'apply' changes TTLs through a guarded Lua script and"
                    + " journals every key first; 'undo' puts the journalled TTLs back.",
        },
        subcommands = {JitterPlanCommand.class, JitterApplyCommand.class, JitterUndoCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor jitter plan --redis redis://cache \\",
            "      --match 'session:*' --spread 10%%",
            "  stampede-doctor jitter apply --redis redis://cache \\",
            "      --match 'session:*' --spread 10%% --sample 1%% \\",
            "      --journal canary.jsonl --yes",
            "  stampede-doctor jitter undo --redis redis://cache \\",
            "      --journal canary.jsonl --yes",
        })
public final class JitterCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: plan, apply or undo");
    }
}
