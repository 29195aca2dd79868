package dev.stampededoctor.cli.live;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.redis.KeyEventStream;
import dev.stampededoctor.cli.redis.LiveSource;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.TcpdumpSource;
import dev.stampededoctor.cli.terminal.StopSignals;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The live attach of a scan: every chosen server ({@link LiveNode}), each with its stream, its
 * guard and its restore, fed to the engine as one stream (one server's as it is; several
 * servers' merged in time order by {@link MergedLines}; one tcpdump for all). Ctrl-C and SIGTERM
 * stop the reading like the end of the duration; a shutdown hook waits for the report, then puts
 * every changed setting back. Built by {@link #open}, read once, then {@link #finish}ed.
 */
public final class LiveSession implements AutoCloseable {
    private final List<LiveNode> nodes;
    private final LiveSettings settings;
    private final List<String> notes;
    private final CountDownLatch reported = new CountDownLatch(1);
    private final List<KeyEventStream> keyEventStreams = new ArrayList<>();
    /** Where the streams are copied: --save's files, or the advice replay's temporary copies. */
    private final LiveCaptures captures;
    private LiveSource source;
    private Thread hook;
    private StopSignals signals;
    private final long startNanos = System.nanoTime();

    /** A server to read: how to reach it and, for one of several, its {@code host:port}. */
    public record Server(RedisUrl url, String node, Supplier<RedisConnection> connector) {
    }

    private LiveSession(List<LiveNode> nodes, LiveSettings settings, List<String> notes) {
        this.nodes = nodes;
        this.settings = settings;
        this.notes = notes;
        this.captures = new LiveCaptures(settings, nodes.size());
    }

    /**
     * Connects to every server and reads what the scan needs; nothing is changed yet. A server
     * that cannot be reached: one line naming it, the ones connected are closed.
     */
    public static LiveSession connect(List<Server> servers, LiveSettings settings) {
        List<LiveNode> nodes = new ArrayList<>();
        try {
            for (Server s : servers) {
                nodes.add(LiveNode.connect(s.connector(), s.url(), servers.size() > 1 ? s.node() : null));
            }
        } catch (RuntimeException e) {
            nodes.forEach(LiveNode::close);
            throw e;
        }
        return new LiveSession(List.copyOf(nodes), settings, new ArrayList<>());
    }

    /**
     * For one tcpdump beside several nodes: a packet's server address ({@code ip:port}) to the
     * name of the node it is, or null (see {@link ServerAddresses}).
     */
    public java.util.function.Function<String, String> nodeOfServerAddress() {
        return new ServerAddresses(nodes);
    }

    public List<LiveNode> nodes() {
        return nodes;
    }

    public boolean several() {
        return nodes.size() > 1;
    }

    /** What the report should say of the attach (replicas' expiries, refused notifications, …). */
    public List<String> notes() {
        return notes;
    }

    /** Sends MONITOR on every node (before anything is changed): a refusal is one line. */
    public void startMonitors() {
        try {
            nodes.forEach(LiveNode::startMonitor);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Subscribes to keyspace events on every node: as the source ({@code asSource}) or beside
     * MONITOR (--notifications). Each node's setting is put back by {@link #close}, by the end of
     * reading, and by the shutdown hook, whichever comes first.
     */
    public List<KeyEventStream> startNotifications(boolean asSource, PrintWriter err) {
        List<KeyEventStream> streams = new ArrayList<>();
        try {
            for (LiveNode n : nodes) {
                KeyEventStream stream = asSource ? new KeyEventStream(settings.durationNanos(), n.url().db()) : null;
                if (n.startNotifications(stream, err, notes) && stream != null) {
                    streams.add(stream);
                    keyEventStreams.add(stream);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return streams;
    }

    /**
     * Opens the saved captures (or the replay's copies), builds the streams and the watchers, and
     * installs the stop hooks. {@code packetFilter} is tcpdump's filter for --source tcpdump.
     */
    public LiveSource start(String packetFilter) {
        try {
            List<LiveSource> streams = new ArrayList<>();
            if (settings.packets()) {
                TcpdumpSource shared = TcpdumpSource.start(settings.captureInterface(), packetFilter,
                        settings.durationNanos(), captures.open(null));
                nodes.forEach(n -> n.useSource(shared));
                source = shared;
            } else {
                for (LiveNode n : nodes) {
                    streams.add(n.openSource(settings.durationNanos(), captures.open(n.node())));
                }
                source = streams.size() == 1 ? streams.get(0) : new MergedLines(streams);
            }
            for (LiveNode n : nodes) {
                n.startWatcher(settings.maxClientBuffer());
            }
            LiveSource stopping = source;
            hook = new Thread(() -> {
                stopping.stop("interrupt");
                try {
                    reported.await(10, TimeUnit.SECONDS); // let the report be written before the JVM goes
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    nodes.forEach(LiveNode::restore); // a no-op where the scan put it back already
                }
            }, "scan-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            // Ctrl-C and SIGTERM stop the reading like the end of --duration: the report's exit code, not 130.
            signals = StopSignals.install(() -> stopping.stop("interrupt"));
            return source;
        } catch (IOException e) {
            close();
            throw new UsageException("cannot write " + captures.lastOpened() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(); // tcpdump could not start: its own one-line error
            throw e;
        }
    }

    public LiveSource source() {
        return source;
    }

    /** The line on stderr that says what is read, from where, for how long ({@code duration}) and what it costs. */
    public void announce(RedisUrl target, String duration, PrintWriter err) {
        LiveNode first = nodes.get(0);
        String what = several() ? nodes.size() + " nodes of " + target + " (" + nodes.stream().map(LiveNode::node)
                .collect(java.util.stream.Collectors.joining(", ")) + "; " + first.info().get("role") + "s, "
                + first.info().get("redis_version") + ")"
                : target + " (" + first.info().get("role") + " " + first.info().get("redis_version") + ")";
        if (settings.keyEvents()) {
            err.printf(java.util.Locale.ROOT, "stampede-doctor: reading the keyspace events of %s for %s, not MONITOR:"
                    + " misses, deletions, expiries and refills are seen; reads that hit and clients are not."
                    + " Ctrl-C stops early and still reports.%n", what, duration);
        } else if (settings.packets()) {
            err.printf(java.util.Locale.ROOT, "stampede-doctor: reading the packets of %s with tcpdump on %s for %s;"
                    + " this costs Redis nothing. Ctrl-C stops early and still reports.%n", what,
                    settings.captureInterface(), duration);
        } else {
            err.printf(java.util.Locale.ROOT, "stampede-doctor: reading MONITOR of %s for %s. MONITOR costs Redis"
                    + " throughput while it runs; Ctrl-C stops early and still reports.%n", what, duration);
        }
        err.flush();
    }

    /**
     * What the time-ordered merge of several nodes rests on: their clocks, as each one's
     * {@code server_time_usec} against this host's when the scan connected.
     */
    public String clockNote() {
        List<Long> offsets = nodes.stream().map(LiveNode::clockOffsetMicros).filter(java.util.Objects::nonNull).toList();
        String merged = "The " + nodes.size() + " nodes' streams are merged by their own timestamps (a line waits at"
                + " most 0.25 s for the others)";
        if (offsets.size() < nodes.size()) {
            return merged + "; not every node tells its clock (INFO server_time_usec), so their skew is unknown.";
        }
        long spread = java.util.Collections.max(offsets) - java.util.Collections.min(offsets);
        return merged + String.format(java.util.Locale.ROOT, "; their clocks differ by %.1f ms (server_time_usec"
                + " against this host's, within a round trip)%s.", spread / 1000.0, spread > 50_000
                ? ": commands on different nodes closer in time than that may be out of order, which can split or"
                + " join episodes that span nodes; sync the clocks (NTP)" : "");
    }

    /** tcpdump's filter: {@code given}, or the servers' ports without the tool's own connections. */
    public String packetFilter(String given) {
        if (given != null) {
            return given;
        }
        java.util.Set<Integer> ports = new java.util.TreeSet<>();
        nodes.forEach(n -> ports.add(n.url().port()));
        StringBuilder f = new StringBuilder(ports.size() == 1 ? "tcp port " + ports.iterator().next()
                : "(" + ports.stream().map(p -> "tcp port " + p).collect(java.util.stream.Collectors.joining(" or "))
                + ")");
        for (LiveNode n : nodes) {
            for (String own : n.ownSources()) {
                int colon = own.lastIndexOf(':');
                if (colon > 0 && colon < own.length() - 1) {
                    f.append(" and not tcp port ").append(own.substring(colon + 1));
                }
            }
        }
        return f.toString();
    }

    public LiveSettings settings() {
        return settings;
    }

    /** The keyspace-event streams, with --source events. */
    public List<KeyEventStream> keyEventStreams() {
        return keyEventStreams;
    }

    /**
     * Reads the whole stream into {@code reader} (the engine), with {@code view} open meanwhile,
     * then ends every node's stream, puts every setting back, takes each node's last INFO and
     * closes the saved captures: how it ended.
     */
    public LiveOutcome read(StreamReader reader, AutoCloseable view) {
        IOException lost = null;
        boolean stalled = false;
        try (view) {
            reader.read(source);
        } catch (IOException e) {
            lost = e;
            source.stop("connection-lost");
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e); // the view's close only
        } finally {
            // Asked before the settings are put back: on a stalled server that waits out the read
            // timeout, and the watcher's own call, timed out meanwhile, would no longer show the stall.
            stalled = nodes.stream().anyMatch(n -> n.watcher().stalled());
            stopReading();
        }
        for (LiveNode n : nodes) {
            var left = n.notifications() == null ? null : n.notifications().unrestored();
            if (left != null) {
                notes.add("notify-keyspace-events could not be put back" + (nodes.size() > 1 ? " on " + n.name() : "")
                        + ": it is still '" + left.applied() + "'; run redis-cli CONFIG SET notify-keyspace-events '"
                        + left.previous() + "'");
            }
        }
        LiveNode culprit = null;
        if (source instanceof MergedLines merged) {
            lost = merged.failure() != null ? merged.failure() : lost;
            culprit = merged.lostNode() >= 0 ? nodes.get(merged.lostNode()) : null;
        }
        List<dev.stampededoctor.detectors.report.LiveSummary.InfoDelta> deltas = new ArrayList<>();
        for (LiveNode n : nodes) {
            deltas.add(n.watcher().finish());
            n.watcher().close();
        }
        notes.addAll(captures.close());
        String stoppedBy = stalled && source.stopReason().equals("duration") ? "stalled" : source.stopReason();
        return new LiveOutcome(stoppedBy, stalled, culprit, lost, (System.nanoTime() - startNanos) / 1_000_000, deltas);
    }

    /** The engine's side of {@link #read}. */
    @FunctionalInterface
    public interface StreamReader {
        void read(LiveSource source) throws IOException;
    }

    public long startNanos() {
        return startNanos;
    }

    /** The saved captures under --save, in node order. */
    public List<Path> savedCaptures() {
        return captures.saved();
    }

    /** The captures a replay can rank the advice on: the saved ones, or the whole temporary copies; empty when cut. */
    public List<Path> replayCaptures() {
        return source.saveFailure() != null ? List.of() : captures.forReplay();
    }

    /** Ends every node's stream and puts every setting back (reading is over); the watchers go on for their last INFO. */
    public void stopReading() {
        nodes.forEach(LiveNode::stopReading);
    }

    /** After the report is written: lets the shutdown hook go, removes the stop handlers, deletes the replay's copies. */
    public void reported() {
        reported.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl-C): the hook is running and waits for us
            }
        }
        if (signals != null) {
            signals.close();
        }
        captures.deleteCopies();
    }

    @Override
    public void close() {
        nodes.forEach(LiveNode::close);
        captures.close();
    }
}
