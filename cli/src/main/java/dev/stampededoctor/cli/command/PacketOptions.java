package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import picocli.CommandLine.Option;

/** How to read packet captures (pcap, pcapng): which TCP ports are Redis. */
public final class PacketOptions {
    static final IntPredicate DEFAULT_PORTS = port -> port == 6379;

    @Option(names = "--redis-port", paramLabel = "PORT", split = ",",
            description = "In packet captures: the port(s) Redis listens on (default: 6379). A connection with"
                    + " neither end on one of them takes its lower port as the server's.")
    List<Integer> ports;

    /** The ports as a predicate, checked: each 1 to 65535. */
    public IntPredicate redisPorts() {
        if (ports == null || ports.isEmpty()) {
            return DEFAULT_PORTS;
        }
        Set<Integer> set = new TreeSet<>();
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new UsageException("--redis-port " + p + ": a port is 1 to 65535");
            }
            set.add(p);
        }
        return set::contains;
    }
}
