package dev.stampededoctor.detectors.resp;

import dev.stampededoctor.detectors.pcap.TcpFlow;
import dev.stampededoctor.detectors.pcap.TcpStreamHandler;
import dev.stampededoctor.detectors.source.CommandSink;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the reassembled byte streams of Redis connections into the engine's stream of commands,
 * each with its reply when one was paired. Commands are handed on in the order they ran across
 * all connections, as MONITOR would list them ({@link PendingCommand#orderAt}), once their reply
 * came or could no longer come: a command waits at most {@link #REPLY_WAIT_MICROS} of capture
 * time, so one blocked connection (BLPOP) delays the stream by that much and no more. Commands
 * queued in a transaction go on when their EXEC ran, and not at all when it was discarded.
 */
public final class RespCommandStream implements TcpStreamHandler {
    static final long REPLY_WAIT_MICROS = 2_000_000;
    /** Commands held at once; past it the oldest go on without waiting for their replies. */
    static final int MAX_PENDING = 1_000_000;

    private final Map<Integer, RespConnection> connections = new HashMap<>();
    /** Every command sent and not yet settled, earliest sent first (settled ones are dropped from the head lazily). */
    private final CommandHeap unsettled = new CommandHeap(false);
    /** Settled commands not yet handed on, earliest run first. */
    private final CommandHeap ready = new CommandHeap(true);
    /**
     * Settled commands with a reply, in the order their replies came (so earliest reply first;
     * handed-on ones are dropped from the head lazily): the earliest reply of those still to go
     * bounds when the one going now ran ({@link PendingCommand#ranAt}).
     */
    private final ArrayDeque<PendingCommand> byReply = new ArrayDeque<>();
    /** The run time of the command handed on last: times never go back. */
    private long lastRanAt = Long.MIN_VALUE;
    private final CommandEmitter emitter;
    /** Null: commands are emitted on the thread that reads the packets. */
    private final CommandHandOff handOff;
    private final WireCounts counts = new WireCounts();
    private long sequence;
    private long now = Long.MIN_VALUE;

    /** Hands commands to {@code sink}, numbered as lines of input {@code input} (the index among the capture's inputs). */
    private dev.stampededoctor.detectors.source.ConnectionNodes nodes;

    public RespCommandStream(CommandSink sink, int input) {
        this(sink, input, false);
    }

    /**
     * As {@link #RespCommandStream(CommandSink, int)}; {@code onThreadOfItsOwn}: the sink is called
     * on a thread of the stream's own, in the same order, and batches wait until full, which suits
     * a capture read to its end, not a live one.
     */
    public RespCommandStream(CommandSink sink, int input, boolean onThreadOfItsOwn) {
        this.emitter = new CommandEmitter(sink, input);
        this.handOff = onThreadOfItsOwn ? new CommandHandOff(emitter) : null;
    }

    public WireCounts counts() {
        return counts;
    }

    @Override
    public void opened(TcpFlow flow, long micros) {
        connections.put(flow.id(), new RespConnection(flow, this));
        counts.connections++;
        if (nodes != null) {
            nodes.opened(flow.client(), flow.server());
        }
    }

    /** Tells {@code nodes} of each connection as it opens (null: nobody). Call before reading. */
    public void connectionNodes(dev.stampededoctor.detectors.source.ConnectionNodes nodes) {
        this.nodes = nodes;
    }

    @Override
    public void data(TcpFlow flow, boolean toServer, long micros, byte[] buf, int off, int len) {
        RespConnection c = connections.get(flow.id());
        if (c == null) {
            opened(flow, micros);
            c = connections.get(flow.id());
        }
        advance(micros);
        if (toServer) {
            c.clientBytes(micros, buf, off, len);
        } else {
            c.serverBytes(micros, buf, off, len);
        }
        release();
    }

    @Override
    public void gap(TcpFlow flow, boolean toServer, long micros, long bytes) {
        RespConnection c = connections.get(flow.id());
        if (c != null) {
            c.gap(toServer, bytes);
        }
        advance(micros);
        release();
    }

    @Override
    public void closed(TcpFlow flow, long micros) {
        RespConnection c = connections.remove(flow.id());
        if (c != null) {
            c.close();
        }
        advance(micros);
        release();
    }

    /** The capture ended: every command still held goes on, in order (and has reached the sink on return). */
    public void finish() {
        try {
            for (RespConnection c : connections.values()) {
                c.close();
            }
            connections.clear();
            for (PendingCommand c; (c = unsettled.poll()) != null; ) {
                if (!c.settled) {
                    c.unanswered();
                    ready.add(c);
                }
            }
            while (!ready.isEmpty()) {
                handOn(ready.poll());
            }
        } finally {
            if (handOff != null) {
                handOff.finish();
            }
        }
    }

    private void advance(long micros) {
        if (micros > now) {
            now = micros;
        }
    }

    PendingCommand sent(RespConnection c, long at, int db, RequestArgs args, Verb verb) {
        PendingCommand p = new PendingCommand(at, sequence++, c, db, args, verb);
        unsettled.add(p);
        return p;
    }

    /** {@code c} was answered or will never be: it may go on once nothing sent before it is still open. */
    void settled(PendingCommand c) {
        if (!c.handedOn && !c.queuedToGo) {
            c.queuedToGo = true;
            ready.add(c);
            if (c.ranBy() != Long.MAX_VALUE) {
                byReply.add(c);
            }
        }
    }

    void tlsConnection(RespConnection c) {
        counts.tlsConnections++;
    }

    void leftOut(RespConnection c, String why) {
        if (why.equals("monitor")) {
            counts.monitorConnections++;
        } else {
            counts.pubsubConnections++;
        }
    }

    void unpairedReply(RespConnection c) {
        counts.unpairedReplies++;
    }

    void pairingFailed(RespConnection c) {
        counts.pairingFailures++;
    }

    void desynced(RespConnection c) {
        counts.desyncs++;
    }

    void repaired(RespConnection c) {
        counts.repairs++;
    }

    private void release() {
        // Commands whose reply is overdue (a blocked connection, a lost reply) go on without one.
        for (PendingCommand c = oldestUnsettled(); c != null
                && (c.sentAt <= now - REPLY_WAIT_MICROS || unsettled.size() > MAX_PENDING); c = oldestUnsettled()) {
            unsettled.poll();
            c.unanswered();
            settled(c);
        }
        // A command still waiting for its reply will run no earlier than it was sent: every
        // settled command that ran before that may go.
        PendingCommand open = oldestUnsettled();
        if (open == null) {
            while (!ready.isEmpty()) {
                handOn(ready.poll());
            }
            return;
        }
        for (PendingCommand c = ready.peek(); c != null && CommandHeap.ranBefore(c, open); c = ready.peek()) {
            handOn(ready.poll());
        }
    }

    private PendingCommand oldestUnsettled() {
        PendingCommand c;
        while ((c = unsettled.peek()) != null && c.settled) {
            unsettled.poll();
        }
        return c;
    }

    /**
     * When {@code c}, going now, ran: every command still to go ran at or after it, so no later
     * than the earliest of their replies, nor than its own; no earlier than its order, nor than
     * the command before it.
     */
    private long runTime(PendingCommand c) {
        PendingCommand next;
        while ((next = byReply.peekFirst()) != null && next.handedOn) {
            byReply.pollFirst();
        }
        long by = Math.min(c.ranBy(), next == null ? Long.MAX_VALUE : next.ranBy());
        long notBefore = Math.max(c.orderAt(), lastRanAt);
        return by == Long.MAX_VALUE ? notBefore : Math.max(by, notBefore);
    }

    private void handOn(PendingCommand c) {
        c.handedOn = true;
        if (c.neverRan) {
            return;
        }
        lastRanAt = runTime(c);
        c.ranAt(lastRanAt);
        counts.requests++;
        byte[] client = c.connection.clientName;
        if (c.replies != null) {
            counts.replied++;
        } else {
            counts.unreplied++;
        }
        if (handOff != null) {
            handOff.add(c, client);
        } else {
            emitter.emit(c, client);
        }
    }
}
