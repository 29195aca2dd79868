package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.jitter.JitterJournal;
import dev.stampededoctor.cli.jitter.JournalEntry;
import dev.stampededoctor.cli.jitter.TtlGuard;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.cluster.Deployment;
import dev.stampededoctor.cli.redis.cluster.DeploymentResolver;
import dev.stampededoctor.cli.redis.cluster.SlotRouter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jitter undo}: puts back the TTLs a journal recorded. */
@Command(
        addMethodSubcommands = false,
        name = "undo",
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Put back the TTLs a jitter apply changed, from its journal.",
        description = {
            "Each journalled key gets the remaining TTL it would have had without the jitter (its old TTL"
                    + " minus the time since), under the same guard as apply: only if the key still exists,"
                    + " has a TTL, and that TTL is still the one apply set (minus the time since), within"
                    + " --tolerance. Keys apply never changed, or that writers changed since, are left"
                    + " alone. A key whose old TTL has run out meanwhile is expired now, as it would have"
                    + " been. Works on the journal of an interrupted apply. On a Redis Cluster each key goes"
                    + " to the node serving its slot now, wherever apply found it.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor jitter undo --redis redis://cache \\",
            "      --journal canary.jsonl --yes",
        })
public final class JitterUndoCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Option(names = "--journal", paramLabel = "FILE", required = true, description = "The journal apply wrote.")
    Path journalFile;

    @Mixin
    NodeMapOptions cluster;

    @Mixin
    JitterWriteOptions writes;

    @Option(names = "--force", description = "Restore even on another server or db than the journal's, or again"
            + " after an undo that finished.")
    boolean force;

    @Mixin
    HelpOptions help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        writes.validate();
        if (!Files.isReadable(journalFile)) {
            throw new UsageException("cannot read the journal " + journalFile);
        }
        JitterJournal.Contents journal;
        try {
            journal = JitterJournal.read(journalFile);
        } catch (IOException e) {
            throw new UsageException("cannot read the journal " + journalFile + ": " + e.getMessage(), e);
        }
        List<JournalEntry> entries = journal.entries();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (entries.isEmpty() && journal.header() == null && journal.badLines() > 0) {
            throw new UsageException(journalFile + " is not a jitter journal: none of its " + journal.badLines()
                    + " line(s) is one that jitter apply writes");
        }
        if (journal.badLines() > 0) {
            err.println("stampede-doctor: skipping " + journal.badLines() + " unreadable line(s) of " + journalFile
                    + " (a torn last line is normal after an interrupted apply: its batch was never sent)");
        }
        if (entries.isEmpty()) {
            out.println("The journal holds no key: nothing to undo.");
            return ExitCode.OK;
        }
        if (journal.restoredAt() != null && !force) {
            out.println("Already restored by an earlier undo, at " + java.time.Instant.ofEpochMilli(journal.restoredAt())
                    + ": nothing to do (--force restores the keys again).");
            return ExitCode.OK;
        }
        RedisUrl target = redis.target();
        DeploymentResolver resolver = cluster.resolver(redis);
        Deployment deployment = resolver.resolve(target);
        deployment.notes().forEach(n -> err.println("stampede-doctor: note: " + n));
        RedisConnection c = null;
        SlotRouter router = null;
        try {
            if (deployment.cluster()) {
                // Undo goes by key: each to the node serving its slot now, wherever apply sent it.
                router = resolver.router(target);
                refuseAnotherCluster(journal.header(), router, target);
                if (entries.stream().anyMatch(e -> e.db() != 0)) {
                    throw new UsageException("the journal " + journalFile + " has keys of db " + entries.stream()
                            .filter(e -> e.db() != 0).findFirst().get().db() + ", and a Redis Cluster has only db 0:"
                            + " nothing restored");
                }
            } else {
                c = redis.connect(target);
                JitterWrites.refuseReplica(c, target);
                refuseAnotherServer(journal.header(), c, target);
                router = SlotRouter.single(c, target.withoutCredentials());
            }
            writes.confirm("restore the TTL of " + entries.size() + " journalled key(s) on " + (router.cluster()
                    ? "the cluster at " : "") + target, err);
            JitterWrites.Tally tally = new JitterWrites.Tally();
            Thread hook = JitterWrites.interruptNotice(err, tally, "jitter undo again with the same journal: keys"
                    + " already restored are left alone");
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            try (dev.stampededoctor.cli.terminal.ProgressLine progress = dev.stampededoctor.cli.terminal.ProgressLine
                    .counting(err, dev.stampededoctor.cli.terminal.Terminals.stderrIsTerminal(), "jitter undo", "keys",
                            sent::get, entries.size(), dev.stampededoctor.cli.GlobalOptions.textStyle(spec).unicode())) {
                TtlGuard guard = TtlGuard.load(router, writes.tolerance.toMillis());
                Pacer pacer = new Pacer(writes.rate);
                int db = target.db();
                long expiredNow = 0;
                for (int from = 0; from < entries.size(); ) {
                    if (entries.get(from).db() != db) {
                        db = entries.get(from).db();
                        guard.select(db);
                    }
                    int to = from;
                    long nowNanos = System.nanoTime();
                    long now = System.currentTimeMillis();
                    boolean[] outlived = new boolean[writes.batch];
                    while (to < entries.size() && to - from < writes.batch && entries.get(to).db() == db) {
                        JournalEntry e = entries.get(to);
                        long elapsed = now - e.at();
                        long restore = e.ttlMs() - elapsed;
                        outlived[to - from] = restore < 1;
                        guard.sendRestore(e.keyBytes(), e.newTtlMs() - elapsed, Math.max(1, restore), restore, nowNanos);
                        to++;
                    }
                    TtlGuard.Outcome[] outcomes = guard.results(to - from);
                    for (int i = 0; i < outcomes.length; i++) {
                        if (outlived[i] && outcomes[i] == TtlGuard.Outcome.CHANGED) {
                            expiredNow++;
                        }
                    }
                    tally.add(outcomes);
                    sent.set(to);
                    pacer.await(to);
                    from = to;
                }
                if (progress != null) {
                    progress.close(); // before the summary, so the line is erased first
                }
                out.println(tally.summary("restored"));
                if (router.cluster()) {
                    out.println(JitterWrites.redirects(router));
                }
                markRestored(entries.size(), err);
                if (expiredNow > 0) {
                    out.printf(Locale.ROOT, "%,d of them had outlived their old TTL and now expire, as they would have.%n", expiredNow);
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        } catch (IOException e) {
            throw new ConnectionException("lost Redis at " + target + " during undo: " + e.getMessage()
                    + "; running undo again is safe", e);
        } finally {
            if (router != null) {
                router.close();
            }
            if (c != null) {
                c.close();
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    /**
     * Notes in the journal that undo finished, so a second one says so. The keys are restored
     * whatever happens here: a journal on a full or read-only disk gets a warning, not a failure.
     */
    private void markRestored(int keys, PrintWriter err) {
        try {
            JitterJournal.markRestored(journalFile, keys);
        } catch (IOException e) {
            err.println("stampede-doctor: warning: the keys are restored, but " + journalFile + " could not be marked"
                    + " so (" + e.getMessage() + "): a second undo would restore them again");
        }
    }

    /**
     * On a cluster: a journal of one server, or of a cluster none of whose nodes is in this one, is
     * refused before anything is written, unless --force. Node ids survive restarts, resharding
     * and failovers, so one node in common is the same cluster.
     */
    private void refuseAnotherCluster(dev.stampededoctor.cli.jitter.JournalHeader header, SlotRouter router,
            RedisUrl target) {
        if (header == null || force) {
            return;
        }
        if (header.clusterNodes() == null) {
            throw new UsageException("the journal " + journalFile + " was written on the server " + header.server()
                    + " (run_id " + header.shortRunId() + "), and " + target.withoutCredentials() + " is a node of a"
                    + " Redis Cluster: nothing restored; --force restores here anyway");
        }
        if (router.nodeIds().isEmpty() || header.clusterNodes().isEmpty()
                || header.clusterNodes().stream().anyMatch(router.nodeIds()::contains)) {
            return;
        }
        throw new UsageException("the journal " + journalFile + " was written on the cluster at " + header.server()
                + ", and none of its " + header.clusterNodes().size() + " node(s) is in the cluster at "
                + target.withoutCredentials() + ": nothing restored; --force restores here anyway");
    }

    /** A journal of another server or db is refused before anything is written, unless --force. */
    private void refuseAnotherServer(dev.stampededoctor.cli.jitter.JournalHeader header, RedisConnection c,
            RedisUrl target) throws java.io.IOException {
        if (header == null || force) {
            return;
        }
        if (header.clusterNodes() != null) {
            throw new UsageException("the journal " + journalFile + " was written on the Redis Cluster at "
                    + header.server() + ", and " + target.withoutCredentials() + " is not a cluster node: nothing"
                    + " restored; --force restores here anyway");
        }
        String runId = dev.stampededoctor.cli.redis.ServerInfo.read(c, "server").get("run_id");
        boolean sameServer = header.runId() == null || header.runId().equals(runId);
        if (sameServer && header.db() == target.db()) {
            return;
        }
        throw new UsageException("the journal " + journalFile + " was written on " + header.server() + " db "
                + header.db() + " (run_id " + header.shortRunId() + "), this is " + target.withoutCredentials() + " db "
                + target.db() + " (run_id " + (runId == null ? "unknown" : runId.substring(0, Math.min(8,
                runId.length()))) + "): nothing restored; --force restores here anyway (a restart changes run_id too)");
    }
}
