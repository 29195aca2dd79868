package dev.stampededoctor.cli;

import dev.stampededoctor.cli.servers.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cache-aside clients on a hot key and a writer that deletes it now and then: an invalidation
 * stampede every {@code periodMillis}, with the clients' own counts of what they did (the truth a
 * test holds the tool's findings to). Bounded: it stops at {@link #close} or after a minute.
 */
final class StampedeLoad implements AutoCloseable {
    private static final long MAX_MILLIS = 60_000;

    final AtomicLong reads = new AtomicLong();
    final AtomicLong misses = new AtomicLong();
    final AtomicLong rebuilds = new AtomicLong();
    final AtomicLong deletes = new AtomicLong();
    /** Rebuild queries run in PostgreSQL, when the load has a database. */
    final AtomicLong queries = new AtomicLong();
    private final dev.stampededoctor.cli.servers.PostgresServerHandle postgres;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private final long deadline = System.currentTimeMillis() + MAX_MILLIS;

    StampedeLoad(String host, int port, String key, int clients, long periodMillis) {
        this(host, port, key, clients, periodMillis, null);
    }

    /** With {@code postgres}, each rebuild is a 0.1 s query there rather than a sleep. */
    StampedeLoad(String host, int port, String key, int clients, long periodMillis,
            dev.stampededoctor.cli.servers.PostgresServerHandle postgres) {
        this.postgres = postgres;
        for (int i = 0; i < clients; i++) {
            threads.add(new Thread(() -> reader(host, port, key), "reader-" + i));
        }
        threads.add(new Thread(() -> deleter(host, port, key, periodMillis), "deleter"));
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
    }

    private boolean going() {
        return running && System.currentTimeMillis() < deadline;
    }

    private void reader(String host, int port, String key) {
        try (RespClient c = RespClient.tcp(host, port);
             java.sql.Connection db = postgres == null ? null : postgres.connect()) {
            while (going()) {
                reads.incrementAndGet();
                if (c.call("GET", key) == null) {
                    misses.incrementAndGet();
                    if (db == null) {
                        Thread.sleep(40); // the rebuild's query
                    } else {
                        try (java.sql.Statement s = db.createStatement()) {
                            s.execute("SELECT pg_sleep(0.1), 'stampede-load rebuild'");
                        }
                        queries.incrementAndGet();
                    }
                    c.call("SET", key, "rebuilt", "EX", "60");
                    rebuilds.incrementAndGet();
                }
                c.call("GET", key + ":side");
                Thread.sleep(5);
            }
        } catch (Exception e) {
            // the test ends the load by closing it; a reader that fails only reads less
        }
    }

    private void deleter(String host, int port, String key, long periodMillis) {
        try (RespClient c = RespClient.tcp(host, port)) {
            c.call("SET", key, "first", "EX", "60");
            while (going()) {
                Thread.sleep(periodMillis);
                c.call("DEL", key);
                deletes.incrementAndGet();
            }
        } catch (Exception e) {
            // as above
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(5_000);
        }
    }
}
