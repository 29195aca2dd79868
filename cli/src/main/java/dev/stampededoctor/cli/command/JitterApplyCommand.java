package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.jitter.JitterJournal;
import dev.stampededoctor.cli.jitter.MatchedKeys;
import dev.stampededoctor.cli.jitter.TtlGuard;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.cluster.Deployment;
import dev.stampededoctor.cli.redis.cluster.DeploymentResolver;
import dev.stampededoctor.cli.redis.cluster.SlotRouter;
import dev.stampededoctor.cli.render.JitterPlanText;
import dev.stampededoctor.detectors.ttl.JitterPlan;
import dev.stampededoctor.detectors.ttl.JitterSpread;
import dev.stampededoctor.cli.terminal.ProgressLine;
import dev.stampededoctor.cli.terminal.Terminals;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jitter apply}: changes TTLs, guarded and journalled. */
@Command(
        addMethodSubcommands = false,
        name = "apply",
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Spread the TTLs of the matching keys (writes; journalled; undoable).",
        description = {
            "Each key with a TTL gets a new remaining TTL drawn uniformly within ±spread of its current one,"
                    + " set by a Lua script only if the key still exists, still has a TTL, and that TTL is"
                    + " still what was read (within --tolerance): it never gives a persistent key a TTL,"
                    + " never deletes or resurrects a key, and leaves alone keys a writer changed meanwhile."
                    + " Keys with under a second left are left to expire. Every key goes to the journal, on"
                    + " disk, before its batch is sent. Refuses on a replica. On a Redis Cluster it reads every"
                    + " primary and sends each change to the node serving the key's slot, following MOVED and"
                    + " ASK while slots migrate. Without --yes it asks on a terminal and refuses otherwise.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor jitter apply --redis redis://cache \\",
            "      --match 'session:*' --spread 10%% --sample 1%% \\",
            "      --journal canary.jsonl --yes",
            "  stampede-doctor ttl-audit --redis redis://cache --match 'session:*'",
        })
public final class JitterApplyCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Mixin
    JitterSelection selection;

    @Mixin
    NodeMapOptions cluster;

    @Option(names = "--journal", paramLabel = "FILE", required = true,
            description = "Where to journal every change (created; never overwritten).")
    Path journalFile;

    @Mixin
    JitterWriteOptions writes;

    @Mixin
    HelpOptions help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        JitterSpread spread = selection.spread();
        writes.validate();
        if (Files.exists(journalFile)) {
            throw new UsageException("the journal " + journalFile + " exists already: choose a new file (an old journal"
                    + " is what undo needs)");
        }
        // Before anything is read or written on Redis: a journal that cannot be written is no reason to touch it.
        java.nio.file.Path journalDir = journalFile.toAbsolutePath().getParent();
        if (journalDir == null || !Files.isDirectory(journalDir)) {
            throw new UsageException("cannot write the journal " + journalFile + ": there is no directory " + journalDir
                    + "; nothing was changed");
        }
        if (!Files.isWritable(journalDir)) {
            throw new UsageException("cannot write the journal " + journalFile + ": " + journalDir + " is not writable;"
                    + " nothing was changed");
        }
        RedisUrl target = redis.target();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SplittableRandom random = selection.random();
        DeploymentResolver resolver = cluster.resolver(redis);
        Deployment deployment = resolver.resolve(target);
        deployment.notes().forEach(n -> err.println("stampede-doctor: note: " + n));
        RedisConnection c = null;
        SlotRouter router = null;
        try {
            MatchedKeys keys;
            String runId = null;
            if (deployment.cluster()) {
                keys = selection.scanAll(resolver, deployment, random);
            } else {
                c = redis.connect(target);
                JitterWrites.refuseReplica(c, target);
                keys = selection.scan(c, random);
                runId = dev.stampededoctor.cli.redis.ServerInfo.read(c, "server").get("run_id");
            }
            long drawSeed = random.nextLong();
            JitterPlan plan = JitterSelection.plan(spread, keys, new SplittableRandom(drawSeed));
            JitterPlanText.print(plan, selection.match, out, dev.stampededoctor.cli.GlobalOptions.textStyle(spec));
            out.println(selection.seedLine());
            if (keys.size() == 0) {
                out.println("Nothing to change.");
                return ExitCode.OK;
            }
            String where = deployment.cluster() ? "the cluster at " + target + " (" + deployment.members().size()
                    + " primaries)" : target.toString();
            writes.confirm("change the TTL of " + keys.size() + " key(s) matching '" + selection.match + "' on "
                    + where, err);
            // The slot table as of now, after the scan and the confirmation: the writes start from it.
            router = deployment.cluster() ? resolver.router(target) : SlotRouter.single(c, target.withoutCredentials());
            String undo = "jitter undo --redis " + target.forCommandLine() + cluster.forCommandLine() + " --journal "
                    + journalFile + " --yes";
            JitterWrites.Tally tally = new JitterWrites.Tally();
            Thread hook = JitterWrites.interruptNotice(err, tally, undo);
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            // The factors the plan above drew, key by key in the same order: what is applied is what was shown.
            SplittableRandom draws = new SplittableRandom(drawSeed);
            JitterJournal created;
            try {
                created = JitterJournal.create(journalFile, dev.stampededoctor.cli.jitter.JournalHeader.of(
                        target.withoutCredentials(), runId, target.db(), selection.match, selection.spread,
                        selection.seed(), System.currentTimeMillis(), router.cluster() ? router.nodeIds() : null));
            } catch (IOException e) {
                throw new UsageException("cannot write the journal " + journalFile + ": " + e.getMessage()
                        + "; nothing was changed", e);
            }
            try (JitterJournal journal = created;
                 ProgressLine progress = ProgressLine.counting(err, Terminals.stderrIsTerminal(), "jitter apply", "keys",
                         sent::get, keys.size(), dev.stampededoctor.cli.GlobalOptions.textStyle(spec).unicode())) {
                TtlGuard guard = TtlGuard.load(router, writes.tolerance.toMillis());
                Pacer pacer = new Pacer(writes.rate);
                for (int from = 0; from < keys.size(); from += writes.batch) {
                    int to = Math.min(keys.size(), from + writes.batch);
                    long nowNanos = System.nanoTime();
                    long at = System.currentTimeMillis();
                    long[] expected = new long[to - from];
                    long[] next = new long[to - from];
                    for (int i = from; i < to; i++) {
                        expected[i - from] = keys.ttlAt(i, nowNanos);
                        next[i - from] = spread.apply(expected[i - from], JitterSpread.draw(draws));
                        journal.add(target.db(), keys.key(i), expected[i - from], next[i - from], at,
                                router.cluster() ? router.nodeOf(keys.key(i)) : null);
                    }
                    try {
                        journal.sync();
                    } catch (IOException e) {
                        // Nothing of this batch was sent: the journal holds every key changed so far.
                        throw new UsageException("writing the journal " + journalFile + " failed (" + e.getMessage()
                                + ") after " + from + " key(s) were changed, all of them in it: undo with"
                                + " 'stampede-doctor " + undo + "'; this batch was not sent", e);
                    }
                    for (int i = from; i < to; i++) {
                        guard.send(keys.key(i), expected[i - from], next[i - from], nowNanos);
                    }
                    tally.add(guard.results(to - from));
                    sent.set(to);
                    pacer.await(to);
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            out.println(tally.summary("changed"));
            if (router.cluster()) {
                out.println(JitterWrites.redirects(router));
            }
            out.println("Journal: " + journalFile + " (undo: stampede-doctor " + undo + ")");
            MatchedKeys now = deployment.cluster()
                    ? MatchedKeys.scanAll(resolver, deployment, selection.match, selection.maxKeys,
                            selection.scanRate, 1, 0, new SplittableRandom())
                    : MatchedKeys.scan(c, selection.match, selection.maxKeys, selection.scanRate, 1, 0,
                            new SplittableRandom());
            JitterPlan after = JitterSelection.plan(spread, now, new SplittableRandom(0));
            out.println("Expiries of the matching keys now:");
            JitterPlanText.histogram("now   ", after.before(), out, dev.stampededoctor.cli.GlobalOptions.textStyle(spec));
            out.flush();
        } catch (IOException e) {
            throw new ConnectionException("lost Redis at " + target + ": " + e.getMessage()
                    + "; the journal " + journalFile + " holds every key sent", e);
        } finally {
            if (router != null) {
                router.close();
            }
            if (c != null) {
                c.close();
            }
        }
        return ExitCode.OK;
    }
}
