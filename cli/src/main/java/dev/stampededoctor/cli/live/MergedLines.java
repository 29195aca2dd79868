package dev.stampededoctor.cli.live;

import dev.stampededoctor.cli.redis.LiveSource;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Several nodes' live line streams (MONITOR, keyspace events) as one, in time order: one reader
 * thread per node splits its stream into lines, and the lines are handed on smallest timestamp
 * first. A quiet node cannot hold the others back: a line waits for the other nodes at most
 * {@link #REORDER_NANOS} after it arrived, then goes on (a later line of a lagging node that is
 * older than one handed on already arrives out of order; the engine counts those). Each node's
 * queue is bounded ({@link #MAX_QUEUED_BYTES}): a reader that is that far ahead waits, and Redis
 * holds the rest in the output buffer the node's guard watches.
 *
 * <p>Lines without a timestamp (MONITOR's {@code OK}, the events' header) are handed on once, from
 * the first node, before any other line. The engine learns each line's node from {@link #nodeOfNextLine}.
 */
public final class MergedLines extends LiveSource {
    static final long REORDER_NANOS = 250_000_000L;
    static final long MAX_QUEUED_BYTES = 4L << 20;
    private static final long POLL_NANOS = 100_000_000L;

    private final List<LiveSource> sources;
    private final List<NodeQueue> queues = new ArrayList<>();
    private final Object lock = new Object();
    private final List<Thread> readers = new ArrayList<>();
    /** The header lines (no timestamp), from the first node; handed on first. */
    private byte[] pending;
    private int pendingAt;
    private int pendingNode;
    private int lastNode = -1;
    /**
     * The node of each line handed on whole and not yet claimed by {@link #nodeOfNextLine}: the
     * engine reads ahead of its parsing (a format sniff), so it asks line by line, in order.
     */
    private final java.util.ArrayDeque<Integer> lineNodes = new java.util.ArrayDeque<>();
    private volatile String lostNode;
    /** The first node's read failure (a lost connection): the stream ends after the lines before it. */
    private volatile IOException failure;

    public MergedLines(List<LiveSource> sources) {
        this.sources = List.copyOf(sources);
        for (int i = 0; i < sources.size(); i++) {
            NodeQueue q = new NodeQueue(i);
            queues.add(q);
            Thread t = new Thread(() -> q.readAll(), "merge-reader-" + i);
            t.setDaemon(true);
            readers.add(t);
        }
        readers.forEach(Thread::start);
    }

    /** The index of the node whose line ends the bytes handed on last; -1 before any. */
    public int nodeOfLastLine() {
        return lastNode;
    }

    /** Why a node's stream failed (its connection lost), or null. */
    public IOException failure() {
        return failure;
    }

    /**
     * The node of the next line the engine handles, lines taken in the order handed on; call once
     * per line, on the reading thread. 0 when none is pending (cannot happen for whole lines).
     */
    public int nodeOfNextLine() {
        Integer n = lineNodes.pollFirst();
        return n == null ? 0 : n;
    }

    /** The node that ended the scan early (lost, guarded, its tcpdump gone): its index, or -1. */
    public int lostNode() {
        String n = lostNode;
        return n == null ? -1 : Integer.parseInt(n);
    }

    @Override
    public void stop(String reason) {
        super.stop(reason);
        for (LiveSource s : sources) {
            s.stop(reason);
        }
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Override
    public long bytes() {
        long sum = 0;
        for (LiveSource s : sources) {
            sum += s.bytes();
        }
        return sum;
    }

    @Override
    public long ownLines() {
        long sum = 0;
        for (LiveSource s : sources) {
            sum += s.ownLines();
        }
        return sum;
    }

    @Override
    public IOException saveFailure() {
        for (LiveSource s : sources) {
            if (s.saveFailure() != null) {
                return s.saveFailure();
            }
        }
        return null;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (pending == null || pendingAt == pending.length) {
            // Between lines, and at least every 0.1 s while every node is quiet: a live view's snapshot.
            runBeforeRead();
            int got = next();
            if (got < 0) {
                return -1; // a node's failure ends the stream cleanly: see failure()
            }
        }
        int n = Math.min(len, pending.length - pendingAt);
        System.arraycopy(pending, pendingAt, b, off, n);
        pendingAt += n;
        if (pendingAt == pending.length) {
            lastNode = pendingNode;
            for (int i = 0; i < pending.length; i++) {
                if (pending[i] == '\n') {
                    lineNodes.addLast(pendingNode); // a header of several lines: one entry each
                }
            }
        }
        return n;
    }

    /**
     * Takes the next line in time order into {@link #pending}: 1 when it did, 0 when none may go
     * yet (after waiting at most 0.1 s), -1 at the end of every stream.
     */
    private int next() {
        synchronized (lock) {
            {
                NodeQueue first = null;
                boolean allHaveOne = true;
                boolean anyOpen = false;
                for (NodeQueue q : queues) {
                    if (q.header != null) {
                        byte[] header = q.header;
                        q.header = null;
                        if (q.node == 0) {
                            take(header, 0);
                            return 1;
                        }
                        continue; // the others' headers are the same text
                    }
                    if (q.lines.isEmpty()) {
                        allHaveOne &= q.ended;
                        anyOpen |= !q.ended;
                        continue;
                    }
                    anyOpen = true;
                    if (first == null || q.lines.peekFirst().micros < first.lines.peekFirst().micros) {
                        first = q;
                    }
                }
                if (!anyOpen) {
                    return -1;
                }
                long now = System.nanoTime();
                if (first != null && (allHaveOne || now - first.lines.peekFirst().arrivedNanos >= REORDER_NANOS)) {
                    Line line = first.lines.pollFirst();
                    first.queuedBytes -= line.bytes.length;
                    lock.notifyAll(); // a reader waiting for room
                    take(line.bytes, first.node);
                    return 1;
                }
                long waitNanos = first == null ? POLL_NANOS
                        : Math.max(1_000_000, REORDER_NANOS - (now - first.lines.peekFirst().arrivedNanos));
                try {
                    lock.wait(Math.max(1, Math.min(POLL_NANOS, waitNanos) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop("interrupt");
                }
                return 0;
            }
        }
    }

    private void take(byte[] bytes, int node) {
        pending = bytes;
        pendingAt = 0;
        pendingNode = node;
    }

    /** Why the merged stream ended: the first node's reason that is not the end of the scan's time, else theirs. */
    @Override
    public String stopReason() {
        String own = super.stopReason();
        if (!own.equals("duration")) {
            return own;
        }
        for (LiveSource s : sources) {
            if (!s.stopReason().equals("duration")) {
                return s.stopReason();
            }
        }
        return own;
    }

    @Override
    public void close() {
        for (LiveSource s : sources) {
            s.close();
        }
    }

    /** One line: its server timestamp (µs), when it arrived here, its bytes with the line end. */
    private record Line(long micros, long arrivedNanos, byte[] bytes) {
    }

    /** One node's lines, read on its own thread. */
    private final class NodeQueue {
        final int node;
        final ArrayDeque<Line> lines = new ArrayDeque<>();
        long queuedBytes;
        boolean ended;
        byte[] header;
        boolean sawTimestamp;

        NodeQueue(int node) {
            this.node = node;
        }

        void readAll() {
            LiveSource in = sources.get(node);
            byte[] buf = new byte[1 << 16];
            int start = 0;
            int end = 0;
            StringBuilder headers = new StringBuilder();
            try {
                while (true) {
                    int n = in.read(buf, end, buf.length - end);
                    if (n < 0) {
                        break;
                    }
                    end += n;
                    int eol;
                    while ((eol = indexOf(buf, start, end)) >= 0) {
                        byte[] line = java.util.Arrays.copyOfRange(buf, start, eol + 1);
                        start = eol + 1;
                        long micros = timestamp(line);
                        if (micros < 0 && !sawTimestamp) {
                            headers.append(new String(line, java.nio.charset.StandardCharsets.ISO_8859_1));
                            continue;
                        }
                        if (!sawTimestamp) {
                            sawTimestamp = true;
                            offerHeader(headers);
                        }
                        offer(new Line(Math.max(0, micros), System.nanoTime(), line));
                    }
                    if (start > 0) {
                        System.arraycopy(buf, start, buf, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    if (end == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, buf.length * 2); // a long line: the source bounds it
                    }
                }
                if (!sawTimestamp) {
                    offerHeader(headers);
                }
            } catch (IOException e) {
                synchronized (lock) {
                    if (failure == null) {
                        failure = e;
                    }
                }
                in.stop("connection-lost");
            } finally {
                String reason = in.stopReason();
                boolean cause = false;
                synchronized (lock) {
                    // This node ended the scan when it stopped on its own (lost, guarded), before the rest did.
                    if (!reason.equals("duration") && !stopRequested() && lostNode == null) {
                        lostNode = String.valueOf(node);
                        cause = true;
                    }
                    ended = true;
                    lock.notifyAll();
                }
                if (cause) {
                    MergedLines.this.stop(reason); // one node lost or guarded: the whole scan ends
                }
            }
        }

        private void offerHeader(StringBuilder headers) {
            synchronized (lock) {
                header = headers.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                lock.notifyAll();
            }
        }

        private void offer(Line line) throws IOException {
            synchronized (lock) {
                while (queuedBytes + line.bytes.length > MAX_QUEUED_BYTES && !lines.isEmpty() && !stopRequested()) {
                    try {
                        lock.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted");
                    }
                }
                lines.addLast(line);
                queuedBytes += line.bytes.length;
                lock.notifyAll();
            }
        }
    }

    private static int indexOf(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The line's leading {@code [+]seconds.micros} as µs since the epoch, or -1 when it has none. */
    static long timestamp(byte[] line) {
        return dev.stampededoctor.detectors.monitor.MonitorLineParser.timestampMicros(line, 0, line.length);
    }
}
