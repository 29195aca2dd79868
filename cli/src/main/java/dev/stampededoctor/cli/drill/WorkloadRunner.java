package dev.stampededoctor.cli.drill;

import dev.stampededoctor.cli.redis.RedisCommands;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisMultiplexer;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link Workload}: N {@link CacheAsideClient} threads, each with its own PostgreSQL
 * connection and, {@link ConnectionMode#POOLED}, its own Redis connection, or
 * {@link ConnectionMode#SHARED}, the one {@link RedisMultiplexer} of its "process" (thread i in
 * process i mod P; each process's connection from 127.0.0.21 + p when Redis is on loopback),
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
    /** The first source address of the processes on loopback: 127.0.0.21, .22, … */
    static final int FIRST_SOURCE_OCTET = 21;
    /** Processes beyond this many share 127.0.0.1 (told apart by port only). */
    public static final int MAX_SOURCE_ADDRESSES = 254 - FIRST_SOURCE_OCTET + 1;
    private static final Duration SHARED_REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final Endpoints endpoints;
    private volatile boolean stopped;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final List<String> sharedAddresses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();

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

    /** Under {@link ConnectionMode#SHARED}: each process's connection as MONITOR shows it, in process order. */
    public List<String> sharedAddresses() {
        return List.copyOf(sharedAddresses);
    }

    /** What did not go as asked (a source address Redis refused), for the report. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** {@link #run(Workload, int, ConnectionMode, int, ClientCounts, Action, List)} with pooled connections. */
    public void run(Workload w, int clients, ClientCounts counts, Action setup, List<Timed> actions) throws Exception {
        run(w, clients, ConnectionMode.POOLED, 1, counts, setup, actions);
    }

    /**
     * Opens every client's connections ({@code processes} shared Redis connections under
     * {@link ConnectionMode#SHARED}), runs {@code setup}, starts the clients and the timed
     * actions, and returns when all have finished. Throws the first failure of any of them.
     * The set-up and the writer always have connections of their own.
     */
    public void run(Workload w, int clients, ConnectionMode mode, int processes, ClientCounts counts, Action setup,
            List<Timed> actions) throws Exception {
        if (mode == ConnectionMode.SHARED && (processes < 1 || processes > clients)) {
            throw new IllegalArgumentException("processes must be between 1 and the number of clients");
        }
        List<RedisMultiplexer> shared = mode == ConnectionMode.SHARED ? openShared(w, processes) : null;
        try {
            runClients(w, clients, shared, counts, setup, actions);
        } finally {
            if (shared != null) {
                shared.forEach(RedisMultiplexer::close);
            }
        }
    }

    private List<RedisMultiplexer> openShared(Workload w, int processes) throws IOException {
        List<RedisMultiplexer> out = new ArrayList<>();
        try {
            for (int p = 0; p < processes; p++) {
                RedisConnection c = connectProcess(p);
                try {
                    if (w.db() != 0) {
                        c.call("SELECT", String.valueOf(w.db()));
                    }
                } catch (IOException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                sharedAddresses.add(c.localAddress());
                out.add(new RedisMultiplexer(c, "drill-process-" + p, SHARED_REPLY_TIMEOUT));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.forEach(RedisMultiplexer::close);
            throw e;
        }
    }

    /** Process {@code p}'s connection: from 127.0.0.(21 + p) on loopback, else (or if refused) from anywhere. */
    private RedisConnection connectProcess(int p) throws IOException {
        if (endpoints.redisOnLoopback() && p < MAX_SOURCE_ADDRESSES) {
            InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (FIRST_SOURCE_OCTET + p)});
            RedisConnection c = null;
            try {
                c = endpoints.redis(source);
                c.call("PING"); // protected mode accepts, then answers -DENIED and closes
                return c;
            } catch (IOException | RuntimeException e) {
                if (c != null) {
                    c.close();
                }
                String note = "Redis did not accept connections from " + source.getHostAddress() + " (" + e.getMessage()
                        + "; a Redis in protected mode, the default without a password, accepts only 127.0.0.1):"
                        + " the processes' connections come from the default address, told apart by port only.";
                if (notes.stream().noneMatch(n -> n.startsWith("Redis did not accept connections from"))) {
                    notes.add(note);
                }
            }
        }
        return endpoints.redis();
    }

    private void runClients(Workload w, int clients, List<RedisMultiplexer> shared, ClientCounts counts, Action setup,
            List<Timed> actions) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] end = new long[1];
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                RedisMultiplexer process = shared == null ? null : shared.get(i % shared.size());
                Thread t = new Thread(() -> {
                    RedisConnection own = null;
                    try (Connection db = endpoints.postgres()) {
                        RedisCommands r = process;
                        if (r == null) {
                            own = endpoints.redis();
                            r = own;
                        }
                        CacheAsideClient client = new CacheAsideClient(w, counts, r, db, process == null);
                        ready.countDown();
                        go.await();
                        client.run(end[0], () -> stopped || failure.get() != null);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        ready.countDown();
                    } finally {
                        if (own != null) {
                            own.close();
                        }
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
