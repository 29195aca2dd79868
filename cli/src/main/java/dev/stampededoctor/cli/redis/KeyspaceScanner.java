package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Walks a keyspace with SCAN (never KEYS) and reads each key's PTTL (and, when asked, TYPE and
 * MEMORY USAGE) in one pipeline per batch. The next SCAN rides in the same pipeline, so a batch
 * costs one round trip, and the next batch is sent before this one is handed on, so Redis and
 * this process work at the same time. Paced to {@code rate} keys per second when that is above
 * zero; at most one batch waits in Redis at a time, so other clients' commands run between
 * batches. On a cluster node, a key whose slot is moving (MOVED or ASK to its PTTL) is passed
 * over as gone instead of ending the scan; {@link Options#asking} reads those a node imports.
 */
public final class KeyspaceScanner {
    private static final byte[] SCAN = bytes("SCAN");
    private static final byte[] MATCH = bytes("MATCH");
    private static final byte[] COUNT = bytes("COUNT");
    private static final byte[] PTTL = bytes("PTTL");
    private static final byte[] TYPE = bytes("TYPE");
    private static final byte[] MEMORY = bytes("MEMORY");
    private static final byte[] USAGE = bytes("USAGE");
    private static final byte[] ASKING = bytes("ASKING");

    /**
     * @param match   SCAN's MATCH glob, or null for every key
     * @param count   SCAN's COUNT hint
     * @param maxKeys stop after this many keys (the result says it was truncated)
     * @param rate    keys per second at most; 0 for as fast as one connection goes
     * @param asking  on a cluster node: ASKING before each key's reads, so that a node importing
     *                a slot (a live reshard) answers for the keys it has of it instead of MOVED
     */
    public record Options(byte[] match, int count, long maxKeys, long rate, boolean types, boolean memory,
            boolean asking) {
        public Options(byte[] match, int count, long maxKeys, long rate, boolean types, boolean memory) {
            this(match, count, maxKeys, rate, types, memory, false);
        }
    }

    /** Receives each key with what was read for it. */
    public interface KeySink {
        /**
         * @param pttl   PTTL's answer: ms, -1 without TTL, -2 gone
         * @param type   null unless types were asked for
         * @param memory -1 unless memory was asked for (or the key was gone)
         */
        void key(byte[] key, long pttl, String type, long memory, long readAtMillis);
    }

    /** How the scan ended. */
    public record Result(long keys, boolean truncated) {
    }

    private final RedisConnection connection;
    private final Options options;
    private volatile long keys;
    private volatile long cursor;

    public KeyspaceScanner(RedisConnection connection, Options options) {
        this.connection = connection;
        this.options = options;
    }

    public Result scan(KeySink sink) throws IOException {
        long start = System.nanoTime();
        sendScan(0);
        connection.flush();
        Batch batch = nextBatch(scanReply(), 0);
        batch.send();
        while (true) {
            long[] pttls = new long[batch.size];
            String[] types = options.types() ? new String[batch.size] : null;
            long[] memory = options.memory() ? new long[batch.size] : null;
            for (int i = 0; i < batch.size; i++) {
                pttls[i] = integer(askedRead(), "PTTL");
                if (types != null) {
                    types[i] = text(askedRead());
                }
                if (memory != null) {
                    memory[i] = memory(askedRead());
                }
            }
            long readAt = System.currentTimeMillis();
            Batch next = null;
            if (batch.more) {
                next = nextBatch(scanReply(), keys + batch.size);
                pace(start, keys + batch.size);
                // Redis works on the next batch while this thread hands this one to the sink.
                next.send();
            }
            for (int i = 0; i < batch.size; i++) {
                sink.key((byte[]) batch.keys.get(i), pttls[i], types == null ? null : types[i], memory == null ? -1 : memory[i],
                        readAt);
            }
            keys += batch.size;
            cursor = batch.cursor;
            if (next == null) {
                return new Result(keys, batch.truncated);
            }
            batch = next;
        }
    }

    /** The keys of one SCAN reply to read, and whether to SCAN on. */
    private final class Batch {
        final List<Object> keys;
        final int size;
        final long cursor;
        final boolean more;
        final boolean truncated;

        Batch(List<Object> keys, int size, long cursor, boolean more, boolean truncated) {
            this.keys = keys;
            this.size = size;
            this.cursor = cursor;
            this.more = more;
            this.truncated = truncated;
        }

        /** Queues PTTL (TYPE, MEMORY USAGE) of each key, then the next SCAN, and flushes. */
        void send() throws IOException {
            for (int i = 0; i < size; i++) {
                byte[] key = (byte[]) keys.get(i);
                asking();
                connection.send(PTTL, key);
                if (options.types()) {
                    asking();
                    connection.send(TYPE, key);
                }
                if (options.memory()) {
                    asking();
                    connection.send(MEMORY, USAGE, key);
                }
            }
            if (more) {
                sendScan(cursor);
            }
            connection.flush();
        }
    }

    @SuppressWarnings("unchecked")
    private Batch nextBatch(List<Object> reply, long keysBefore) {
        long next = Long.parseLong(new String((byte[]) reply.get(0), StandardCharsets.US_ASCII));
        List<Object> batch = (List<Object>) reply.get(1);
        int take = (int) Math.min(batch.size(), options.maxKeys() - keysBefore);
        boolean more = next != 0 && keysBefore + take < options.maxKeys();
        return new Batch(batch, take, next, more, !more && (next != 0 || take < batch.size()));
    }

    /** Keys read so far (any thread). */
    public long keys() {
        return keys;
    }

    /**
     * How far through the keyspace the scan is, 0 to 1 (any thread). SCAN's cursor walks the hash
     * table in reverse-binary order, so its bits reversed are the share of slots visited.
     */
    public double fraction() {
        long c = cursor;
        if (c == 0) {
            return keys == 0 ? 0 : 1;
        }
        return (Long.reverse(c) >>> 11) / (double) (1L << 53);
    }

    private void sendScan(long cursor) {
        byte[] c = bytes(Long.toString(cursor));
        byte[] count = bytes(Integer.toString(options.count()));
        if (options.match() != null) {
            connection.send(SCAN, c, MATCH, options.match(), COUNT, count);
        } else {
            connection.send(SCAN, c, COUNT, count);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> scanReply() throws IOException {
        Object reply = connection.read();
        if (reply instanceof RedisError e) {
            throw new RedisReplyException("SCAN", e.message());
        }
        if (!(reply instanceof List<?> l) || l.size() != 2) {
            throw new IOException("unexpected answer to SCAN");
        }
        return (List<Object>) reply;
    }

    private void asking() {
        if (options.asking()) {
            connection.send(ASKING);
        }
    }

    /** The next key read's reply, after its ASKING's (whose +OK, or error, says nothing of the key). */
    private Object askedRead() throws IOException {
        if (options.asking()) {
            connection.read();
        }
        return connection.read();
    }

    /**
     * A cluster node answering MOVED or ASK for a key SCAN listed: the key's slot is moving
     * (the node imports it, or gave it away since SCAN ran). Not this node's key to read now:
     * passed over as gone ({@code -2}, type {@code none}), rather than ending the scan.
     */
    private static boolean slotMoving(Object reply) {
        return reply instanceof RedisError e && (e.message().startsWith("MOVED ") || e.message().startsWith("ASK "));
    }

    private void pace(long startNanos, long keysSoFar) {
        if (options.rate() <= 0) {
            return;
        }
        long dueNanos = startNanos + keysSoFar * 1_000_000_000L / options.rate();
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long integer(Object reply, String command) throws IOException {
        if (reply instanceof Long n) {
            return n;
        }
        if (slotMoving(reply)) {
            return -2;
        }
        if (reply instanceof RedisError e) {
            throw new RedisReplyException(command, e.message());
        }
        throw new IOException("unexpected answer to " + command);
    }

    private static String text(Object reply) throws IOException {
        if (reply instanceof String s) {
            return s;
        }
        if (slotMoving(reply)) {
            return "none";
        }
        if (reply instanceof RedisError e) {
            throw new RedisReplyException("TYPE", e.message());
        }
        throw new IOException("unexpected answer to TYPE");
    }

    private static long memory(Object reply) throws IOException {
        if (reply == null || slotMoving(reply)) {
            return -1; // the key went away
        }
        return integer(reply, "MEMORY USAGE");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
