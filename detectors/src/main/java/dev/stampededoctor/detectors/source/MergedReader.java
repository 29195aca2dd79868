package dev.stampededoctor.detectors.source;

import dev.stampededoctor.detectors.monitor.MonitorLine;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntPredicate;

/**
 * Captures recorded at the same time on several nodes, read as one stream in timestamp order: a
 * k-way merge of the nodes' commands. Each node's inputs are read one after another, in the
 * order given, by a {@link CaptureReader} on a thread of the node's own, which hands its commands
 * on in batches; the calling thread always takes the earliest head of all nodes. So:
 *
 * <ul>
 *   <li>equal timestamps keep the order of the inputs (the node whose first input comes first wins);
 *   <li>within a node the order is the capture's own, even where its clock stepped back: a node
 *       whose next line is stamped earlier than its last is drained until it catches up, nothing
 *       is reordered;
 *   <li>memory is bounded whatever the inputs' size: per node at most {@value #QUEUED} batches of at
 *       most {@value #BATCH_LINES} lines or {@value #BATCH_BYTES} bytes (one longer line alone)
 *       wait for the merge.
 * </ul>
 *
 * Every call on the {@link Listener} comes on the calling thread. Lines that carry no command
 * (ignored, malformed) and the end of each input go on as soon as they reach the head of their node:
 * they have no time to be ordered by.
 */
public final class MergedReader {
    static final int BATCH_LINES = 1024;
    static final int BATCH_BYTES = 1 << 20;
    static final int QUEUED = 2;
    /** Bytes of a malformed line kept to be quoted (the report quotes fewer). */
    private static final int BAD_LINE_BYTES = 256;

    /** One input: its name, the node it was recorded on, and how to open it. */
    public interface Input {
        String name();

        /** The node ({@code host:port} or any name); inputs of one node are read one after another. */
        String node();

        /** Opens the input; the reader closes it once read. */
        InputStream open() throws IOException;

        /** Why the input ended before its proper end, asked once it has been read and closed; null when it did not. */
        default String endedEarly() {
            return null;
        }
    }

    /** Where the merged stream goes. */
    public interface Listener {
        /** The sink of input {@code input} (its index in the list read). */
        CommandSink sink(int input);

        /** Input {@code input} has been read to its end (it is closed). */
        void ended(int input, CaptureReader.Result result);
    }

    /** An input that could not be read: {@link #input()} says which. */
    public static final class InputException extends IOException {
        private final int input;
        private final String name;

        InputException(int input, String name, IOException cause) {
            super(cause.getMessage(), cause);
            this.input = input;
            this.name = name;
        }

        public int input() {
            return input;
        }

        public String inputName() {
            return name;
        }
    }

    private final int maxLineBytes;
    private final IntPredicate serverPorts;

    public MergedReader(int maxLineBytes, IntPredicate serverPorts) {
        this.maxLineBytes = maxLineBytes;
        this.serverPorts = serverPorts;
    }

    /** The nodes of {@code inputs} in the order their first input comes, each with its inputs' indexes. */
    public static List<List<Integer>> nodes(List<? extends Input> inputs) {
        Map<String, List<Integer>> byNode = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            byNode.computeIfAbsent(inputs.get(i).node(), n -> new ArrayList<>()).add(i);
        }
        return List.copyOf(byNode.values());
    }

    /** Reads every input to its end, merged by timestamp; input {@code i} of the list is input {@code base + i}. */
    public void read(List<? extends Input> inputs, int base, Listener listener) throws IOException {
        List<List<Integer>> nodes = nodes(inputs);
        NodeStream[] streams = new NodeStream[nodes.size()];
        for (int n = 0; n < streams.length; n++) {
            streams[n] = new NodeStream(n, nodes.get(n), inputs, base);
        }
        try {
            for (NodeStream s : streams) {
                s.thread.start();
            }
            merge(streams, listener);
        } finally {
            for (NodeStream s : streams) {
                s.stop();
            }
        }
    }

    private void merge(NodeStream[] streams, Listener listener) throws IOException {
        // A binary min-heap of the nodes that have a command at their head: by its timestamp, then node.
        int[] heap = new int[streams.length];
        int size = 0;
        for (NodeStream s : streams) {
            if (s.advance(listener)) {
                heap[size] = s.index;
                siftUp(heap, size++, streams);
            }
        }
        while (size > 0) {
            NodeStream s = streams[heap[0]];
            MonitorLine line = s.head();
            listener.sink(line.input()).command(line);
            s.pos++;
            if (s.advance(listener)) {
                siftDown(heap, 0, size, streams);
            } else {
                heap[0] = heap[--size];
                siftDown(heap, 0, size, streams);
            }
        }
    }

    private static boolean before(NodeStream a, NodeStream b) {
        long ta = a.head().timestampMicros();
        long tb = b.head().timestampMicros();
        return ta < tb || ta == tb && a.index < b.index;
    }

    private static void siftUp(int[] heap, int i, NodeStream[] streams) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!before(streams[heap[i]], streams[heap[parent]])) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[parent];
            heap[parent] = t;
            i = parent;
        }
    }

    private static void siftDown(int[] heap, int i, int size, NodeStream[] streams) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int least = left + 1 < size && before(streams[heap[left + 1]], streams[heap[left]]) ? left + 1 : left;
            if (!before(streams[heap[least]], streams[heap[i]])) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[least];
            heap[least] = t;
            i = least;
        }
    }

    /** What a node's reader hands on, in its order. */
    private enum Kind { COMMAND, IGNORED, MALFORMED, ENDED, FAILED, NODE_DONE }

    /** Entries of one node, filled by its reader, emptied by the merge; reused. */
    private static final class Batch {
        final Kind[] kinds = new Kind[BATCH_LINES];
        final MonitorLine[] lines = new MonitorLine[BATCH_LINES];
        final Object[] details = new Object[BATCH_LINES];
        final int[] inputs = new int[BATCH_LINES];
        int size;
        long bytes;

        boolean full() {
            return size == BATCH_LINES || bytes >= BATCH_BYTES;
        }

        void add(Kind kind, int input, Object detail) {
            kinds[size] = kind;
            inputs[size] = input;
            details[size] = detail;
            size++;
        }

        void addCommand(MonitorLine line) {
            MonitorLine copy = lines[size];
            if (copy == null) {
                copy = lines[size] = new MonitorLine();
            }
            copy.copyFrom(line);
            bytes += line.lineLength();
            add(Kind.COMMAND, line.input(), null);
        }

        void clear() {
            java.util.Arrays.fill(details, 0, size, null);
            size = 0;
            bytes = 0;
        }
    }

    private record Malformed(long lineNumber, String reason, byte[] text, int length) {
    }

    /** One node: its reader thread and, on the merging side, the batch being emptied. */
    private final class NodeStream {
        final int index;
        final Thread thread;
        final BlockingQueue<Batch> filled = new ArrayBlockingQueue<>(QUEUED + 2);
        final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(QUEUED + 2);
        volatile boolean stopped;
        Batch current;
        int pos;
        boolean done;

        NodeStream(int index, List<Integer> members, List<? extends Input> inputs, int base) {
            this.index = index;
            for (int i = 0; i < QUEUED; i++) {
                free.add(new Batch());
            }
            this.thread = new Thread(() -> produce(members, inputs, base), "merge-node-" + index);
            thread.setDaemon(true);
        }

        MonitorLine head() {
            return current.lines[pos];
        }

        /**
         * Moves to the next command, handing on what comes before it; false once the node is done.
         */
        boolean advance(Listener listener) throws IOException {
            while (!done) {
                if (current == null || pos == current.size) {
                    if (current != null) {
                        current.clear();
                        free.add(current);
                    }
                    current = take();
                    pos = 0;
                    continue;
                }
                Kind kind = current.kinds[pos];
                int input = current.inputs[pos];
                Object detail = current.details[pos];
                switch (kind) {
                    case COMMAND -> {
                        return true;
                    }
                    case IGNORED -> listener.sink(input).ignored();
                    case MALFORMED -> {
                        Malformed m = (Malformed) detail;
                        listener.sink(input).malformed(m.lineNumber(), m.reason(), m.text(), 0, m.length());
                    }
                    case ENDED -> listener.ended(input, (CaptureReader.Result) detail);
                    case FAILED -> throw (InputException) detail;
                    case NODE_DONE -> done = true;
                }
                pos++;
            }
            return false;
        }

        private Batch take() throws IOException {
            try {
                return filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while merging the captures");
            }
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }

        /** The node's reader: its inputs one after another into batches. */
        private void produce(List<Integer> members, List<? extends Input> inputs, int base) {
            Batch[] batch = {null};
            try {
                batch[0] = free.take();
                for (int member : members) {
                    Input input = inputs.get(member);
                    int number = base + member;
                    CaptureReader.Result result;
                    try (InputStream in = input.open()) {
                        result = new CaptureReader(maxLineBytes, serverPorts).read(in, number, new CommandSink() {
                            @Override
                            public void command(MonitorLine line) {
                                room(batch).addCommand(line);
                            }

                            @Override
                            public void ignored() {
                                room(batch).add(Kind.IGNORED, number, null);
                            }

                            @Override
                            public void malformed(long lineNumber, String reason, byte[] buf, int start, int end) {
                                int length = Math.min(end - start, BAD_LINE_BYTES + 1);
                                byte[] text = java.util.Arrays.copyOfRange(buf, start, start + length);
                                room(batch).add(Kind.MALFORMED, number, new Malformed(lineNumber, reason, text,
                                        end - start > length ? length : end - start));
                            }
                        });
                    } catch (IOException e) {
                        room(batch).add(Kind.FAILED, number, new InputException(number, input.name(), e));
                        break;
                    }
                    room(batch).add(Kind.ENDED, number, result);
                }
                room(batch).add(Kind.NODE_DONE, -1, null);
                filled.put(batch[0]);
            } catch (Stopped | InterruptedException e) {
                // The merge gave up (an input failed, or its caller did): nobody reads on.
            } catch (RuntimeException | Error e) {
                if (!stopped && batch[0] != null) {
                    batch[0].clear();
                    batch[0].add(Kind.FAILED, -1, new InputException(-1, "node " + index,
                            new IOException("the capture could not be read: " + e, e)));
                    filled.offer(batch[0]);
                }
            }
        }

        /** The batch with room for one entry more: a full one is handed on first (waiting for room). */
        private Batch room(Batch[] batch) {
            if (stopped) {
                throw new Stopped();
            }
            if (batch[0].full()) {
                try {
                    filled.put(batch[0]);
                    batch[0] = free.take();
                } catch (InterruptedException e) {
                    throw new Stopped();
                }
            }
            return batch[0];
        }
    }

    /** Unwinds a node's reader once the merge has stopped. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
