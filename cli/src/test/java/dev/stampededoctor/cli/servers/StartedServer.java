package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A server handle plus what it takes to stop it and delete its files. Stored in JUnit's root
 * store, whose values that are {@link AutoCloseable} are closed when the test run ends (JUnit 5.13+
 * deprecated {@code Store.CloseableResource} in favour of exactly this), so servers started once
 * per JVM also stop once, after the last test. A JVM shutdown hook covers runs that end without
 * closing the store (Ctrl-C, a killed fork), so no server outlives its JVM.
 *
 * @param <H> the handle type
 */
public final class StartedServer<H> implements AutoCloseable {
    /** One step of stopping a server: stop the process, remove the container, delete a dir. */
    @FunctionalInterface
    interface Cleanup {
        void run() throws IOException;
    }

    private final H handle;
    private final Deque<Cleanup> cleanups = new ArrayDeque<>();
    private final Thread shutdownHook;
    private boolean closed;

    StartedServer(H handle, Cleanup stop) {
        this.handle = handle;
        this.cleanups.push(stop);
        this.shutdownHook = new Thread(this::closeQuietly, "stop test server");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A server nobody started: nothing to stop (a URL from the environment). */
    static <H> StartedServer<H> external(H handle) {
        return new StartedServer<>(handle, () -> { });
    }

    public H handle() {
        return handle;
    }

    /** Runs {@code cleanup} after the server has stopped (e.g. delete the unpacked binaries). */
    StartedServer<H> andThen(Cleanup cleanup) {
        synchronized (this) {
            cleanups.addLast(cleanup);
        }
        return this;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: we are running inside the hook
        }
        IOException first = null;
        for (Cleanup c : cleanups) {
            try {
                c.run();
            } catch (IOException | RuntimeException e) {
                IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
                if (first == null) {
                    first = io;
                } else {
                    first.addSuppressed(io);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println("could not stop test server " + handle + ": " + e);
        }
    }
}
