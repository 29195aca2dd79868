package dev.stampededoctor.detectors.pcap;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of a connection: turns segments into bytes delivered in sequence order.
 *
 * <p>Positions are kept as offsets from the direction's first sequence number, in a long, and a
 * segment's offset is found from the signed 32-bit distance between its sequence number and the
 * next expected one: that distance is right across the 2^32 wrap as long as segments stay within
 * 2 GiB of each other, which TCP's window (at most 1 GiB) guarantees.
 */
final class StreamDirection {
    /** A segment waiting for the hole before it to fill; its captured bytes copied. */
    private record Pending(byte[] data, int missing, long arrived) {
        long end(long start) {
            return start + data.length + missing;
        }
    }

    /** Out-of-order bytes held over all connections, against the total bound. */
    static final class Budget {
        long buffered;
    }

    private final TcpFlow flow;
    private final boolean toServer;
    private final TcpStreamHandler handler;
    private final CaptureStats stats;
    private final Budget budget;
    private final long maxBuffered;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private long pendingBytes;

    boolean started;
    private int baseSeq;
    /** Bytes delivered or given up as gaps: the offset of the next expected byte. */
    private long delivered;
    boolean synSeen;
    int synSeq;
    boolean finSeen;
    private long finAt;
    /** The offset up to which the peer acknowledged this direction's bytes; -1 before any ACK. */
    private long ackedTo = -1;

    StreamDirection(TcpFlow flow, boolean toServer, TcpStreamHandler handler, CaptureStats stats,
            Budget budget, long maxBuffered) {
        this.flow = flow;
        this.toServer = toServer;
        this.handler = handler;
        this.stats = stats;
        this.budget = budget;
        this.maxBuffered = maxBuffered;
    }

    /** The direction's first segment: a SYN takes one sequence number, otherwise it starts mid-stream. */
    void start(TcpSegment s) {
        started = true;
        if (s.has(TcpSegment.SYN)) {
            synSeen = true;
            if (toServer) {
                flow.handshakeSeen(true);
            }
            synSeq = s.seq;
            baseSeq = s.seq + 1;
        } else {
            baseSeq = s.seq;
        }
    }

    void segment(TcpSegment s, long micros) {
        int dataSeq = s.has(TcpSegment.SYN) ? s.seq + 1 : s.seq;
        int next = baseSeq + (int) delivered;
        long start = delivered + (dataSeq - next);
        int total = s.payloadLen + s.missing;
        // An RST's payload is a diagnostic text, not part of the stream.
        if (total > 0 && !s.has(TcpSegment.RST)) {
            accept(start, s.buf, s.payloadOff, s.payloadLen, s.missing, micros);
        }
        if (s.has(TcpSegment.FIN)) {
            finSeen = true;
            finAt = start + total;
        }
    }

    private void accept(long start, byte[] buf, int off, int len, int missing, long micros) {
        long end = start + len + missing;
        if (end <= delivered) {
            stats.retransmittedSegments++;
            stats.retransmittedBytes += len + missing;
            return;
        }
        if (start <= delivered) {
            if (start < delivered) {
                stats.retransmittedSegments++;
                stats.retransmittedBytes += delivered - start;
            }
            deliver(start, buf, off, len, missing, micros);
            drain(micros);
            return;
        }
        Pending before = pending.get(start);
        if (before != null && before.end(start) >= end) {
            stats.retransmittedSegments++;
            stats.retransmittedBytes += len + missing;
            return;
        }
        stats.outOfOrderSegments++;
        if (before != null) {
            release(before);
        }
        pending.put(start, new Pending(Arrays.copyOfRange(buf, off, off + len), missing, micros));
        pendingBytes += len;
        budget.buffered += len;
        while (pendingBytes > maxBuffered && skipFirstHole(micros)) {
            // each pass gives up the first hole and delivers what then follows in order
        }
    }

    /** Delivers the part of a chunk at offset {@code start <= delivered} not delivered yet. */
    private void deliver(long start, byte[] buf, int off, int len, int missing, long micros) {
        long skip = delivered - start;
        if (skip < len) {
            handler.data(flow, toServer, micros, buf, off + (int) skip, len - (int) skip);
            delivered = start + len;
        }
        long end = start + len + missing;
        if (end > delivered) {
            gap(end - delivered, micros);
            delivered = end;
        }
    }

    /** Delivers every waiting segment the delivered bytes have reached. */
    private void drain(long micros) {
        while (!pending.isEmpty() && pending.firstKey() <= delivered) {
            Map.Entry<Long, Pending> first = pending.pollFirstEntry();
            Pending p = first.getValue();
            release(p);
            long start = first.getKey();
            long overlap = Math.min(delivered, p.end(start)) - start;
            if (overlap > 0) {
                stats.retransmittedBytes += overlap;
            }
            if (p.end(start) > delivered) {
                deliver(start, p.data(), 0, p.data().length, p.missing(), micros);
            }
        }
    }

    private void release(Pending p) {
        pendingBytes -= p.data().length;
        budget.buffered -= p.data().length;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** When the first waiting segment arrived: the hole before it has been open at least since. */
    long holeSince() {
        return pending.isEmpty() ? Long.MAX_VALUE : pending.firstEntry().getValue().arrived();
    }

    /** Gives up the first hole as a gap and delivers what follows; false if there is none. */
    boolean skipFirstHole(long micros) {
        if (pending.isEmpty()) {
            return false;
        }
        long first = pending.firstKey();
        gap(first - delivered, micros);
        delivered = first;
        drain(micros);
        return true;
    }

    /**
     * The peer acknowledged this direction's bytes up to sequence number {@code ack}. Bytes it
     * acknowledged reached it: a hole before them is a loss of the capture (tcpdump dropped the
     * packet), not of the network, and no retransmission will fill it. Giving it up at once,
     * rather than after the hole timeout, keeps replies paired with their requests. (A capture
     * taken on several CPUs may, rarely, record a segment a few microseconds after the ACK of
     * it: that segment then counts as a retransmission.)
     */
    void acked(int ack, long micros) {
        if (!started) {
            return;
        }
        int next = baseSeq + (int) delivered;
        int ahead = ack - next;
        if (ahead <= 0) {
            return;
        }
        long to = delivered + ahead;
        if (finSeen) {
            to = Math.min(to, finAt); // a FIN takes a sequence number, and no byte
        }
        while (!pending.isEmpty() && pending.firstKey() <= to) {
            skipFirstHole(micros);
        }
        if (to > delivered && (pending.isEmpty() || pending.firstKey() > to)) {
            gap(to - delivered, micros);
            delivered = to;
            drain(micros);
        }
    }

    /** The connection is over: every hole is given up, and so are bytes missing before a FIN. */
    void flush(long micros) {
        while (skipFirstHole(micros)) {
            // deliver everything that waited
        }
        if (finSeen && finAt > delivered) {
            gap(finAt - delivered, micros);
            delivered = finAt;
        }
    }

    private void gap(long bytes, long micros) {
        stats.gaps++;
        stats.gapBytes += bytes;
        handler.gap(flow, toServer, micros, bytes);
    }
}
