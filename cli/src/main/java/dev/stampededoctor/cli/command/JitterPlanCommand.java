package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.GeneratedAt;
import dev.stampededoctor.cli.jitter.MatchedKeys;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.cluster.Deployment;
import dev.stampededoctor.cli.redis.cluster.DeploymentResolver;
import dev.stampededoctor.cli.render.JitterPlanText;
import dev.stampededoctor.cli.render.PrettyJson;
import dev.stampededoctor.detectors.report.Target;
import dev.stampededoctor.detectors.ttl.JitterPlan;
import dev.stampededoctor.detectors.ttl.JitterSpread;
import dev.stampededoctor.detectors.ttl.TtlAuditor;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jitter plan}: the dry run. Reads TTLs, changes nothing. */
@Command(
        addMethodSubcommands = false,
        name = "plan",
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Show what a jitter would do (dry run: reads only).",
        description = {
            "Reads the TTLs of the matching keys and prints how many would change and their expiry"
                    + " histogram before and after, on one scale. On a Redis Cluster it reads every primary"
                    + " at once and gives each one's share.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor jitter plan --redis redis://cache \\",
            "      --match 'session:*' --spread 10%%",
        })
public final class JitterPlanCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Mixin
    JitterSelection selection;

    @Mixin
    NodeMapOptions cluster;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    PlanFormat format;

    @Mixin
    HelpOptions help;

    enum PlanFormat { text, json }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        JitterSpread spread = selection.spread();
        RedisUrl target = redis.target();
        SplittableRandom random = selection.random();
        DeploymentResolver resolver = cluster.resolver(redis);
        Deployment deployment = resolver.resolve(target);
        deployment.notes().forEach(n -> spec.commandLine().getErr().println("stampede-doctor: note: " + n));
        MatchedKeys keys;
        if (deployment.cluster()) {
            try {
                keys = selection.scanAll(resolver, deployment, random);
            } catch (IOException e) {
                throw new ConnectionException("lost Redis at " + target + " during the scan: " + e.getMessage(), e);
            }
        } else {
            try (RedisConnection c = redis.connect(target)) {
                keys = selection.scan(c, random);
            } catch (IOException e) {
                throw new ConnectionException("lost Redis at " + target + " during the scan: " + e.getMessage(), e);
            }
        }
        // The draws' own seed, taken as apply takes it: the same --seed then applies these factors.
        JitterPlan plan = JitterSelection.plan(spread, keys, new SplittableRandom(random.nextLong()));
        PrintWriter out = spec.commandLine().getOut();
        if (format == PlanFormat.json) {
            new PrettyJson<>(JitterPlan.class).write(plan.withTarget(Target.redis(java.util.List.of(
                    target.withoutCredentials()), null), GeneratedAt.now()), out);
            return ExitCode.OK;
        }
        JitterPlanText.print(plan, selection.match, out, dev.stampededoctor.cli.GlobalOptions.textStyle(spec));
        if (keys.truncated()) {
            out.println("The scan stopped at --max-keys: more keys match.");
        }
        out.println(selection.seedLine());
        out.println("This was a dry run: nothing changed. To apply these TTLs (--sample 1% first for a canary):");
        out.println("  stampede-doctor jitter apply --redis " + target.forCommandLine() + cluster.forCommandLine()
                + " --match "
                + TtlAuditor.shellQuote(selection.match) + " --spread " + JitterPlanText.percent(selection.spread)
                + "%" + (selection.sample == null ? "" : " --sample " + JitterPlanText.percent(selection.sample) + "%")
                + " --seed " + selection.seed() + " --journal jitter.jsonl --yes");
        out.flush();
        return ExitCode.OK;
    }
}
