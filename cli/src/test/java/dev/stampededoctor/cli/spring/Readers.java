package dev.stampededoctor.cli.spring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Request threads of one application JVM: each has its own JDBC connection (a pool slot) and calls
 * the cached method in a loop, with a short pause, from {@link #go} until the given instant. All
 * share the application's one Redis connection, as Spring Boot's Lettuce setup does.
 */
public final class Readers implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final CountDownLatch start = new CountDownLatch(1);
    private final AtomicLong stopAt = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong calls = new AtomicLong();

    /**
     * Opens {@code count} JDBC connections and starts the threads, which wait for {@link #go}.
     *
     * @param sync call the {@code @Cacheable(sync = true)} method instead of the plain one
     */
    public Readers(SpringCacheApp app, int count, boolean sync, long pauseMillis, String jdbcUrl, String user,
            String password) throws SQLException {
        this(app, count, sync ? app.catalog()::itemSync : app.catalog()::item, pauseMillis, jdbcUrl, user, password);
    }

    /**
     * Opens {@code count} JDBC connections and starts the threads, which wait for {@link #go}; each
     * request is one call of {@code request} with the item id 1.
     */
    public Readers(SpringCacheApp app, int count, IntFunction<String> request, long pauseMillis, String jdbcUrl,
            String user, String password) throws SQLException {
        for (int i = 0; i < count; i++) {
            connections.add(DriverManager.getConnection(jdbcUrl, user, password));
        }
        Catalog catalog = app.catalog();
        for (int i = 0; i < count; i++) {
            Connection c = connections.get(i);
            Thread t = new Thread(() -> {
                catalog.useConnection(c);
                try {
                    start.await();
                    while (System.currentTimeMillis() < stopAt.get()) {
                        String v = request.apply(1);
                        if (v == null) {
                            throw new IllegalStateException("the cached method returned null");
                        }
                        calls.incrementAndGet();
                        Thread.sleep(pauseMillis);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "reader-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Lets the threads read until {@code stopAtMillis} (wall clock). */
    public void go(long stopAtMillis) {
        stopAt.set(stopAtMillis);
        start.countDown();
    }

    /** Waits for the threads to end; rethrows the first failure of any. */
    public void join() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        for (Thread t : threads) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop");
            }
        }
        Throwable f = failure.get();
        if (f != null) {
            throw new IllegalStateException("a reader failed: " + f, f);
        }
    }

    public long calls() {
        return calls.get();
    }

    @Override
    public void close() {
        stopAt.set(0);
        start.countDown();
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
