package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import java.util.List;
import java.util.function.IntPredicate;
import picocli.CommandLine.Option;

/** How to read packet captures (pcap, pcapng): which TCP ports are Redis. */
public final class PacketOptions {
    static final IntPredicate DEFAULT_PORTS = port -> port == 6379;

    @Option(names = "--redis-port", paramLabel = "PORT", split = ",",
            description = "In packet captures: the port(s) Redis listens on (default: 6379). A connection with"
                    + " neither end on one of them takes its lower port as the server's.")
    List<Integer> ports;

    /** Whether several ports were given: several servers' traffic in one capture, each event naming its server. */
    public boolean severalPorts() {
        return ports != null && ports.stream().distinct().count() > 1;
    }

    /** The ports as a predicate, checked: each 1 to 65535. */
    public IntPredicate redisPorts() {
        if (ports == null || ports.isEmpty()) {
            return DEFAULT_PORTS;
        }
        // A table, not a Set<Integer>: asked twice per packet, where boxing the port showed.
        boolean[] redis = new boolean[65536];
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new UsageException("--redis-port " + p + ": a port is 1 to 65535");
            }
            redis[p] = true;
        }
        return port -> port >= 0 && port < redis.length && redis[port];
    }
}
