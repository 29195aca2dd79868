package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.time.Duration;

/** Bounded polling: multi-node setups settle by gossip, so tests wait for a state, never for a fixed time. */
final class Waits {
    /** Says what is still wrong, or null when the awaited state is reached. */
    @FunctionalInterface
    interface Probe {
        String problem() throws IOException;
    }

    private Waits() {
    }

    /**
     * Polls {@code probe} every 50 ms until it reports nothing wrong; an IOException from the probe
     * counts as "not yet" (a node still starting, a connection refused during a failover).
     *
     * @throws IOException naming {@code what} and the last problem seen, when {@code timeout} passes
     */
    static void until(String what, Duration timeout, Probe probe) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String problem = "not checked yet";
        while (true) {
            try {
                problem = probe.problem();
            } catch (IOException e) {
                problem = e.toString();
            }
            if (problem == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(what + " not reached within " + timeout.toMillis() + " ms; last: " + problem);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** The end of a server's log, short enough that six of them still make a readable failure. */
    static String logTail(RedisServerHandle server) {
        java.nio.file.Path log = server.unixSocket().getParent().resolve("redis-" + server.port() + ".log");
        String tail = ChildProcesses.tail(log);
        return "--- " + log + ":\n" + (tail.length() <= 1200 ? tail : "..." + tail.substring(tail.length() - 1200));
    }
}
