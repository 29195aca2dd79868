package dev.stampededoctor.cli.drill;

import dev.stampededoctor.cli.redis.RedisConnection;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link Workload}: N {@link CacheAsideClient} threads, each with its own connections,
 * for the workload's run time, and a writer that performs the scenario's actions on schedule. The
 * one engine behind {@code drill} and the labelled scenario suite of the tests. Bounded: the
 * clients stop at the end of the run, on {@link #stop()}, or at the first failure.
 */
public final class WorkloadRunner {
    /** Something the scenario does with a connection of its own: seed, delete, update. */
    public interface Action {
        void run(RedisConnection redis, Connection db) throws Exception;
    }

    /** An action {@code afterMillis} after the clients start. */
    public record Timed(long afterMillis, Action action) {
    }

    private static final long CONNECT_WAIT_SECONDS = 60;

    private final Endpoints endpoints;
    private volatile boolean stopped;
    private final CountDownLatch finished = new CountDownLatch(1);

    public WorkloadRunner(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** Ends the run early; the clients finish their current read. */
    public void stop() {
        stopped = true;
    }

    /** Waits until a run that is under way has stopped (for Ctrl-C: clean up only then). */
    public boolean awaitFinished(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens every client's connections, runs {@code setup}, starts the clients and the timed
     * actions, and returns when all have finished. Throws the first failure of any of them.
     */
    public void run(Workload w, int clients, ClientCounts counts, Action setup, List<Timed> actions) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] end = new long[1];
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Thread t = new Thread(() -> {
                    try (RedisConnection r = endpoints.redis(); Connection db = endpoints.postgres()) {
                        CacheAsideClient client = new CacheAsideClient(w, counts, r, db);
                        ready.countDown();
                        go.await();
                        client.run(end[0], () -> stopped || failure.get() != null);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        ready.countDown();
                    }
                }, "drill-client-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            if (!ready.await(CONNECT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                failure.compareAndSet(null, new IllegalStateException("the clients could not connect within "
                        + CONNECT_WAIT_SECONDS + " s"));
            }
            try (RedisConnection r = endpoints.redis(); Connection db = endpoints.postgres()) {
                if (failure.get() == null && !stopped) {
                    if (w.db() != 0) {
                        r.call("SELECT", String.valueOf(w.db()));
                    }
                    setup.run(r, db);
                }
                long start = System.nanoTime();
                end[0] = start + TimeUnit.MILLISECONDS.toNanos(w.runMillis());
                go.countDown();
                for (Timed a : actions) {
                    long wait = start + TimeUnit.MILLISECONDS.toNanos(a.afterMillis()) - System.nanoTime();
                    while (wait > 0 && !stopped && failure.get() == null) {
                        Thread.sleep(Math.min(50, TimeUnit.NANOSECONDS.toMillis(wait) + 1));
                        wait = start + TimeUnit.MILLISECONDS.toNanos(a.afterMillis()) - System.nanoTime();
                    }
                    if (stopped || failure.get() != null) {
                        break;
                    }
                    a.action().run(r, db);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                go.countDown();
            }
            for (Thread t : threads) {
                t.join(w.runMillis() + 15_000);
                if (t.isAlive()) {
                    stopped = true;
                    failure.compareAndSet(null, new IllegalStateException(t.getName() + " did not stop"));
                }
            }
        } finally {
            stopped = true;
            finished.countDown();
        }
        Throwable f = failure.get();
        if (f instanceof Exception e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }
}
