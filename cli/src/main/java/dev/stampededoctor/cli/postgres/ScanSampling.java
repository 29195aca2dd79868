package dev.stampededoctor.cli.postgres;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.detectors.db.DatabaseSummary;
import dev.stampededoctor.detectors.db.DbSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL side of a live scan: pg_stat_activity sampled beside the Redis stream (and saved
 * as it goes under --save), then the samples for the report. A server that cannot be sampled is a
 * warning and a Redis-only report; one lost mid-scan, a note on what the figures cover.
 */
public final class ScanSampling {
    private final ActivitySampler sampler;
    private final SampleAppender file;

    /** The samples and what the report says of them. */
    public record Result(List<DbSample> samples, List<DatabaseSummary.StatementCalls> statements, List<String> notes,
            String lost) {
    }

    private ScanSampling(ActivitySampler sampler, SampleAppender file) {
        this.sampler = sampler;
        this.file = file;
    }

    /**
     * Starts sampling every {@code interval} for about {@code duration}, saving to {@code saveTo}
     * (null: not saved); null when PostgreSQL cannot be sampled (warned on {@code err}, noted in
     * {@code notes}). A save file that cannot be written is a usage error.
     */
    public static ScanSampling start(PostgresUrl url, Duration interval, Duration duration, Path saveTo,
            PrintWriter err, List<String> notes) {
        ActivitySampler sampler;
        try {
            sampler = ActivitySampler.start(url, interval.toNanos(),
                    (int) Math.min(1_000_000, duration.toMillis() / Math.max(10, interval.toMillis()) + 100));
        } catch (java.sql.SQLException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            err.println("stampede-doctor: warning: cannot sample PostgreSQL at " + url + ": " + reason
                    + "; the report is Redis-only");
            notes.add("PostgreSQL at " + url + " could not be sampled (" + reason + "): no database correlation.");
            return null;
        }
        SampleAppender file = null;
        if (saveTo != null) {
            try {
                file = SampleAppender.start(sampler, saveTo);
            } catch (IOException e) {
                sampler.close();
                throw new UsageException("cannot write " + saveTo + ": " + e.getMessage(), e);
            }
        }
        return new ScanSampling(sampler, file);
    }

    public ActivitySampler sampler() {
        return sampler;
    }

    /** Stops sampling; a save that failed or a sampler lost mid-scan are warned of and noted in {@code notes}. */
    public Result finish(PrintWriter err, List<String> notes) {
        String lost = sampler.failure();
        List<DbSample> samples = sampler.finish();
        List<DatabaseSummary.StatementCalls> statements = sampler.statementCalls();
        List<String> pgNotes = new ArrayList<>(sampler.notes());
        sampler.close();
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                err.println("stampede-doctor: warning: the PostgreSQL samples could not all be saved: " + e.getMessage());
                notes.add("The PostgreSQL samples could not all be saved: " + e.getMessage());
            }
        }
        if (lost != null) {
            err.println("stampede-doctor: warning: PostgreSQL sampling stopped mid-scan (" + lost
                    + "); the database figures cover only the time before");
            notes.add("PostgreSQL sampling stopped mid-scan (" + lost + "): the database correlation covers only"
                    + " the time before.");
        }
        return new Result(samples, statements, pgNotes, lost);
    }

    /** Stops without a report (the scan failed to start). */
    public void close() {
        sampler.close();
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // the scan is failing already: its error is the one to show
            }
        }
    }
}
