package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.jitter.JitterJournal;
import dev.stampededoctor.cli.jitter.JournalEntry;
import dev.stampededoctor.cli.jitter.TtlGuard;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jitter undo}: puts back the TTLs a journal recorded. */
@Command(
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
                    + " been. Works on the journal of an interrupted apply.",
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
        try (RedisConnection c = redis.connect(target)) {
            JitterWrites.refuseReplica(c, target);
            refuseAnotherServer(journal.header(), c, target);
            writes.confirm("restore the TTL of " + entries.size() + " journalled key(s) on " + target, err);
            JitterWrites.Tally tally = new JitterWrites.Tally();
            Thread hook = JitterWrites.interruptNotice(err, tally, "jitter undo again with the same journal: keys"
                    + " already restored are left alone");
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            try (dev.stampededoctor.cli.terminal.ProgressLine progress = dev.stampededoctor.cli.terminal.ProgressLine
                    .counting(err, dev.stampededoctor.cli.terminal.Terminals.stderrIsTerminal(), "jitter undo", "keys",
                            sent::get, entries.size(), dev.stampededoctor.cli.GlobalOptions.textStyle(spec).unicode())) {
                TtlGuard guard = TtlGuard.load(c, writes.tolerance.toMillis());
                Pacer pacer = new Pacer(writes.rate);
                int db = target.db();
                long expiredNow = 0;
                for (int from = 0; from < entries.size(); ) {
                    if (entries.get(from).db() != db) {
                        db = entries.get(from).db();
                        guard.select(db);
                    }
                    int to = from;
                    long now = System.currentTimeMillis();
                    boolean[] outlived = new boolean[writes.batch];
                    while (to < entries.size() && to - from < writes.batch && entries.get(to).db() == db) {
                        JournalEntry e = entries.get(to);
                        long elapsed = now - e.at();
                        long restore = e.ttlMs() - elapsed;
                        outlived[to - from] = restore < 1;
                        guard.sendRestore(e.keyBytes(), e.newTtlMs() - elapsed, Math.max(1, restore), restore);
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
                markRestored(entries.size(), err);
                if (expiredNow > 0) {
                    out.printf("%,d of them had outlived their old TTL and now expire, as they would have.%n", expiredNow);
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        } catch (IOException e) {
            throw new ConnectionException("lost Redis at " + target + " during undo: " + e.getMessage()
                    + "; running undo again is safe", e);
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

    /** A journal of another server or db is refused before anything is written, unless --force. */
    private void refuseAnotherServer(dev.stampededoctor.cli.jitter.JournalHeader header, RedisConnection c,
            RedisUrl target) throws java.io.IOException {
        if (header == null || force) {
            return;
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
