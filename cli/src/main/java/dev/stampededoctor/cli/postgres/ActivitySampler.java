package dev.stampededoctor.cli.postgres;

import dev.stampededoctor.detectors.db.DbSample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples {@code pg_stat_activity} from one autocommit connection every {@code interval}: the
 * active client backends, their {@code query_id} (PostgreSQL 14+), text and start. Bounded: at
 * most {@value #MAX_ROWS} rows per sample and {@code maxSamples} samples. Also says what limits
 * the view (privileges, {@code compute_query_id}, truncated text).
 */
public final class ActivitySampler implements AutoCloseable {
    static final int MAX_ROWS = 1_000;

    private final Connection connection;
    private final PreparedStatement query;
    private final long intervalNanos;
    private final int maxSamples;
    private final List<DbSample> samples = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String failure;
    private final java.util.Map<Long, double[]> statementsBefore;
    private boolean statementsReadable;
    private java.util.Map<Long, String> statementText = new java.util.HashMap<>();

    private ActivitySampler(Connection connection, long intervalNanos, int maxSamples) throws SQLException {
        this.connection = connection;
        this.intervalNanos = intervalNanos;
        this.maxSamples = maxSamples;
        int version = connection.getMetaData().getDatabaseMajorVersion();
        String queryId = version >= 14 ? "query_id" : "NULL::bigint";
        this.query = connection.prepareStatement("SELECT pid, " + queryId + ", query,"
                + " (extract(epoch FROM query_start) * 1000000)::bigint FROM pg_stat_activity"
                + " WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
                + " LIMIT " + MAX_ROWS);
        visibility(version);
        this.statementsBefore = statements();
        this.thread = new Thread(this::loop, "postgres-sampler");
        thread.setDaemon(true);
    }

    /** Connects (a failure is the caller's to report) and starts sampling. */
    public static ActivitySampler start(PostgresUrl url, long intervalNanos, int maxSamples) throws SQLException {
        Connection c = url.connect();
        try {
            c.setAutoCommit(true);
            ActivitySampler s = new ActivitySampler(c, intervalNanos, maxSamples);
            s.thread.start();
            return s;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void visibility(int version) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
                "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
                        + " OR pg_has_role(current_user, 'pg_read_all_stats', 'member'),"
                        + " current_setting('track_activity_query_size')")) {
            r.next();
            if (!r.getBoolean(1)) {
                notes.add("The PostgreSQL user lacks pg_read_all_stats: other users' queries show as"
                        + " '<insufficient privilege>' and cannot be told apart.");
            }
            notes.add("Query text is cut at track_activity_query_size (" + r.getString(2) + "); groups use"
                    + " query_id where the server computes it.");
        }
        if (version >= 14) {
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT current_setting('compute_query_id')")) {
                r.next();
                if ("off".equals(r.getString(1))) {
                    notes.add("compute_query_id is off: queries are grouped by their normalised text.");
                }
            }
        } else {
            notes.add("PostgreSQL " + version + " has no query_id: queries are grouped by their normalised text.");
        }
        notes.add("Behind a connection pooler, concurrency is capped by the pool: a stampede shows as a queue,"
                + " not as more backends.");
    }

    private void loop() {
        long next = System.nanoTime();
        while (running && samples.size() < maxSamples) {
            try {
                List<DbSample.Row> rows = new ArrayList<>();
                long at = System.currentTimeMillis() * 1000;
                try (ResultSet r = query.executeQuery()) {
                    while (r.next()) {
                        long id = r.getLong(2);
                        rows.add(new DbSample.Row(r.getInt(1), r.wasNull() ? null : id, r.getString(3), r.getLong(4)));
                    }
                }
                synchronized (samples) {
                    samples.add(new DbSample(at, rows));
                }
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } else {
                    next = System.nanoTime();
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                failure = e.getMessage();
                return;
            }
        }
    }

    /**
     * Of the samples taken after {@code afterMicros} (epoch µs), the one with the most active
     * queries (the latest of equals), or the last sample when none is that recent; null before the
     * first (any thread). A live view redrawn once a second shows a stampede's moment this way.
     */
    public DbSample busiestSince(long afterMicros) {
        synchronized (samples) {
            DbSample best = null;
            for (int i = samples.size() - 1; i >= 0 && samples.get(i).at() > afterMicros; i--) {
                DbSample s = samples.get(i);
                if (best == null || s.rows().size() > best.rows().size()) {
                    best = s;
                }
            }
            return best != null || samples.isEmpty() ? best : samples.get(samples.size() - 1);
        }
    }

    /** The samples taken from index {@code from} on, so far (any thread). */
    public List<DbSample> samplesFrom(int from) {
        synchronized (samples) {
            return from >= samples.size() ? List.of() : List.copyOf(samples.subList(from, samples.size()));
        }
    }

    /** Why sampling stopped early (the connection failed), null while it runs (any thread). */
    public String failure() {
        return failure;
    }

    /** Stops and returns the samples taken. */
    public List<DbSample> finish() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            notes.add("Sampling stopped early: " + failure);
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /**
     * {@code calls} and {@code total_exec_time} per queryid of {@code pg_stat_statements}, or null
     * when the extension is not there or not readable (a note says which).
     */
    private java.util.Map<Long, double[]> statements() {
        try (Statement s = connection.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
                r.next();
                if (r.getLong(1) == 0) {
                    return null;
                }
            }
            java.util.Map<Long, double[]> out = new java.util.HashMap<>();
            try (ResultSet r = s.executeQuery("SELECT queryid, calls, total_exec_time, left(query, 300)"
                    + " FROM pg_stat_statements WHERE queryid IS NOT NULL")) {
                while (r.next()) {
                    out.put(r.getLong(1), new double[] {r.getLong(2), r.getDouble(3)});
                    statementText.put(r.getLong(1), r.getString(4));
                }
            }
            statementsReadable = true;
            return out;
        } catch (SQLException e) {
            notes.add("pg_stat_statements is installed but cannot be read (" + e.getMessage().lines().findFirst()
                    .orElse("") + "): no call counts.");
            return null;
        }
    }

    /** The ten statements called most during the scan, or null without pg_stat_statements. */
    public List<dev.stampededoctor.detectors.db.DatabaseSummary.StatementCalls> statementCalls() {
        if (statementsBefore == null || !statementsReadable) {
            return null;
        }
        java.util.Map<Long, double[]> after = statements();
        if (after == null) {
            return null;
        }
        List<dev.stampededoctor.detectors.db.DatabaseSummary.StatementCalls> out = new ArrayList<>();
        after.forEach((id, v) -> {
            double[] b = statementsBefore.getOrDefault(id, new double[2]);
            long calls = (long) (v[0] - b[0]);
            if (calls > 0) {
                out.add(new dev.stampededoctor.detectors.db.DatabaseSummary.StatementCalls(id,
                        dev.stampededoctor.detectors.db.QueryFingerprint.of(statementText.getOrDefault(id, "")), calls,
                        Math.round((v[1] - b[1]) * 10) / 10.0));
            }
        });
        out.sort((x, y) -> Long.compare(y.calls(), x.calls()));
        return List.copyOf(out.subList(0, Math.min(10, out.size())));
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            connection.close();
        } catch (SQLException e) {
            // leaving anyway
        }
    }
}
