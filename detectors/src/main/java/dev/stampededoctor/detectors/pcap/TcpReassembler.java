package dev.stampededoctor.detectors.pcap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Rebuilds the byte streams of TCP connections from their segments, each direction in sequence
 * order, for a {@link TcpStreamHandler}.
 *
 * <p>Holes are waited for only within bounds, since a capture that missed a packet must not stall
 * a stream forever nor hold its memory: a hole is given up (reported as a gap) when its
 * direction buffers more than its share, when all directions together buffer more than the total,
 * when the connection ends (RST, eviction, end of capture), or once it has stayed open
 * {@link ReassemblyLimits#holeTimeoutMicros} of capture time while the capture went on — a sender
 * would have retransmitted by then, so the capture, not the network, lost those bytes. A
 * connection that sent FIN both ways is closed once its holes are filled or given up so.
 *
 * <p>Bytes that waited for a hole are delivered with the time of the packet that filled it (or
 * of the moment it was given up): that is when the receiver could first read them.
 */
public final class TcpReassembler {
    private static final class Connection {
        final FlowKey key;
        final TcpFlow flow;
        final StreamDirection toServer;
        final StreamDirection toClient;

        Connection(FlowKey key, TcpFlow flow, StreamDirection toServer, StreamDirection toClient) {
            this.key = key;
            this.flow = flow;
            this.toServer = toServer;
            this.toClient = toClient;
        }

        boolean hasPending() {
            return toServer.hasPending() || toClient.hasPending();
        }
    }

    private final IntPredicate isServerPort;
    private final TcpStreamHandler handler;
    private final CaptureStats stats;
    private final ReassemblyLimits limits;
    private final StreamDirection.Budget budget = new StreamDirection.Budget();
    /** In access order, so the first is the connection idle the longest. */
    private final LinkedHashMap<FlowKey, Connection> connections = new LinkedHashMap<>(1024, 0.75f, true);
    /** Connections holding out-of-order bytes, oldest first. */
    private final Set<Connection> withHoles = new LinkedHashSet<>();
    /** The key each packet's connection is looked up with; the map keeps copies. */
    private final FlowKey probe = new FlowKey();
    private int nextId;
    private long now = Long.MIN_VALUE;
    private long lastSweep = Long.MIN_VALUE;

    public TcpReassembler(IntPredicate isServerPort, TcpStreamHandler handler, CaptureStats stats) {
        this(isServerPort, handler, stats, ReassemblyLimits.DEFAULT);
    }

    public TcpReassembler(IntPredicate isServerPort, TcpStreamHandler handler, CaptureStats stats,
            ReassemblyLimits limits) {
        this.isServerPort = Objects.requireNonNull(isServerPort);
        this.handler = Objects.requireNonNull(handler);
        this.stats = Objects.requireNonNull(stats);
        this.limits = Objects.requireNonNull(limits);
    }

    void segment(TcpSegment s, long micros) {
        now = Math.max(now, micros);
        boolean toServer = headsToServer(s);
        FlowKey key = toServer
                ? probe.set(s.ipv6, s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort)
                : probe.set(s.ipv6, s.dstHi, s.dstLo, s.dstPort, s.srcHi, s.srcLo, s.srcPort);
        Connection c = connections.get(key);
        if (c != null && startsNewConnection(c, s, toServer)) {
            close(c, micros);
            c = null;
        }
        if (c == null) {
            // A bare ACK, FIN or RST brings nothing to deliver; typically it is the tail of a
            // connection just closed, which must not come back as a new one.
            boolean bare = s.payloadLen + s.missing == 0 || s.has(TcpSegment.RST);
            if (!s.has(TcpSegment.SYN) && bare) {
                sweep();
                return;
            }
            c = open(key, micros);
        }
        StreamDirection d = toServer ? c.toServer : c.toClient;
        if (!d.started) {
            d.start(s);
        }
        // First what this segment acknowledges of the other direction: bytes the peer received
        // that the capture never showed are a gap before this segment's own bytes (a reply
        // acknowledging a request the capture lost).
        StreamDirection other = toServer ? c.toClient : c.toServer;
        if (s.has(TcpSegment.ACK)) {
            other.acked(s.ack, micros);
        }
        d.segment(s, micros);
        if (s.has(TcpSegment.RST)) {
            close(c, micros);
        } else {
            skipStaleHoles(c);
            closeOrTrack(c, micros);
        }
        while (budget.buffered > limits.maxBufferedTotal() && !withHoles.isEmpty()) {
            Connection oldest = withHoles.iterator().next();
            skipAllHoles(oldest.toServer);
            skipAllHoles(oldest.toClient);
            closeOrTrack(oldest, now);
        }
        sweep();
    }

    /** The capture is over: every connection still open is flushed and closed, in order of appearance. */
    public void finish(long micros) {
        now = Math.max(now, micros);
        List<Connection> open = new ArrayList<>(connections.values());
        open.sort((a, b) -> Integer.compare(a.flow.id(), b.flow.id()));
        for (Connection c : open) {
            close(c, now);
        }
    }

    /** If both ends or neither look like a server, the lower port is taken for the server's. */
    private boolean headsToServer(TcpSegment s) {
        boolean dst = isServerPort.test(s.dstPort);
        boolean src = isServerPort.test(s.srcPort);
        if (dst != src) {
            return dst;
        }
        if (s.dstPort != s.srcPort) {
            return s.dstPort < s.srcPort;
        }
        int byHi = Long.compareUnsigned(s.dstHi, s.srcHi);
        return byHi != 0 ? byHi < 0 : Long.compareUnsigned(s.dstLo, s.srcLo) <= 0;
    }

    /** A client SYN other than a retransmission of the first: the 4-tuple was reused. */
    private static boolean startsNewConnection(Connection c, TcpSegment s, boolean toServer) {
        return toServer && s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK) && c.toServer.started
                && !(c.toServer.synSeen && c.toServer.synSeq == s.seq);
    }

    private Connection open(FlowKey probed, long micros) {
        FlowKey key = probed.copy();
        if (connections.size() >= limits.maxFlows()) {
            Connection idlest = connections.values().iterator().next();
            stats.flowsEvicted++;
            close(idlest, micros);
        }
        TcpFlow flow = new TcpFlow(nextId++,
                AddressText.endpoint(key.ipv6(), key.clientHi(), key.clientLo(), key.clientPort()),
                AddressText.endpoint(key.ipv6(), key.serverHi(), key.serverLo(), key.serverPort()),
                key.serverPort());
        long share = limits.maxBufferedPerDirection();
        Connection c = new Connection(key, flow,
                new StreamDirection(flow, true, handler, stats, budget, share),
                new StreamDirection(flow, false, handler, stats, budget, share));
        connections.put(key, c);
        stats.connections++;
        handler.opened(flow, micros);
        return c;
    }

    private void close(Connection c, long micros) {
        c.toServer.flush(micros);
        c.toClient.flush(micros);
        withHoles.remove(c);
        connections.remove(c.key);
        handler.closed(c.flow, micros);
    }

    /**
     * Closes a connection that sent FIN both ways once nothing waits for a hole: a retransmission
     * may still fill one after the FINs, and coming after a close it would open a connection.
     */
    private void closeOrTrack(Connection c, long micros) {
        if (c.hasPending()) {
            withHoles.add(c);
        } else if (c.toServer.finSeen && c.toClient.finSeen) {
            close(c, micros);
        } else {
            withHoles.remove(c);
        }
    }

    /** Looks at every waiting hole once per timeout of capture time, so quiet connections get theirs given up too. */
    private void sweep() {
        if (withHoles.isEmpty()) {
            return;
        }
        if (lastSweep != Long.MIN_VALUE && now - lastSweep < limits.holeTimeoutMicros()) {
            return;
        }
        lastSweep = now;
        for (Connection c : new ArrayList<>(withHoles)) {
            skipStaleHoles(c);
            closeOrTrack(c, now);
        }
    }

    private void skipStaleHoles(Connection c) {
        skipStaleHoles(c.toServer);
        skipStaleHoles(c.toClient);
    }

    private void skipStaleHoles(StreamDirection d) {
        while (d.hasPending() && now - d.holeSince() >= limits.holeTimeoutMicros()) {
            d.skipFirstHole(now);
        }
    }

    private void skipAllHoles(StreamDirection d) {
        while (d.skipFirstHole(now)) {
            // give up every hole, delivering what waited behind it
        }
    }
}
