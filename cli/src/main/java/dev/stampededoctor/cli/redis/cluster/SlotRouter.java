package dev.stampededoctor.cli.redis.cluster;

import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisError;
import dev.stampededoctor.detectors.keys.KeyText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends single-key commands to the node that serves each key's slot, the way cluster clients do,
 * with the project's own {@link RedisConnection}: the slot ({@link #slot}) picks the owner from
 * the slot table the topology gave; the commands of one call are pipelined, one pipeline per
 * owner, every owner flushed before any reply is read (the nodes work at once). A redirect is
 * followed for that command only, the others keep their replies:
 * <ul>
 * <li>{@code -MOVED slot host:port}: the slot has a new owner: the table is updated and the
 * command sent there;
 * <li>{@code -ASK slot host:port}: the slot is being migrated and this key is already on the
 * target: {@code ASKING} then the command, once, to that node; the table stays;
 * <li>{@code -TRYAGAIN}, {@code -CLUSTERDOWN}, {@code -LOADING}: sent again after a backoff;
 * <li>{@code -NOSCRIPT}: the node lacks the script (a new node, a flush, a promoted replica): the
 * {@link #onEveryNode setup} runs on it again and the command is sent again.
 * </ul>
 * A redirect means the command did not run, so sending it again cannot apply it twice. Each
 * command gets at most {@value #MAX_ATTEMPTS} tries. Addresses are the ones the cluster announces
 * ({@code host:port}, IPv6 in brackets); {@code connector} maps them (--node-map) and connects.
 *
 * <p>One server outside a cluster is the degenerate case ({@link #single}): every slot is its,
 * and it never redirects. Not thread-safe: one router per thread.
 */
public final class SlotRouter implements AutoCloseable {
    public static final int SLOTS = 16384;
    static final int MAX_ATTEMPTS = 16;
    private static final long MAX_BACKOFF_MS = 1_000;
    private static final byte[] ASKING = "ASKING".getBytes(StandardCharsets.US_ASCII);
    private static final int[] CRC16 = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            CRC16[i] = crc & 0xffff;
        }
    }

    /** Connects to a node by the address the cluster announces for it. */
    @FunctionalInterface
    public interface Connector {
        RedisConnection connect(String address) throws IOException;
    }

    /** What runs on each node's connection before its first command (SCRIPT LOAD), and after NOSCRIPT. */
    @FunctionalInterface
    public interface NodeSetup {
        void run(RedisConnection c) throws IOException;
    }

    /**
     * One command for one key. {@link #args} is asked again at every try, so that a command sent
     * after a redirect and a backoff can say what is true then (a TTL that has run on).
     */
    public interface Command {
        byte[] key();

        byte[][] args();
    }

    /** A redirect or retry answer, parsed; {@code host} empty means the node that answered. */
    record Redirect(Kind kind, int slot, String host, int port) {
        enum Kind { MOVED, ASK, RETRY, NOSCRIPT }

        /** {@code MOVED 3999 127.0.0.1:6381}, {@code ASK …}, {@code TRYAGAIN …}; null for any other error. */
        static Redirect parse(String error) {
            if (error == null) {
                return null;
            }
            if (error.startsWith("MOVED ") || error.startsWith("ASK ")) {
                String[] f = error.split(" ");
                if (f.length < 3) {
                    return null;
                }
                int colon = f[2].lastIndexOf(':');
                if (colon < 0) {
                    return null;
                }
                String host = f[2].substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                try {
                    return new Redirect(f[0].equals("ASK") ? Kind.ASK : Kind.MOVED, Integer.parseInt(f[1]), host,
                            Integer.parseInt(f[2].substring(colon + 1)));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (error.startsWith("TRYAGAIN") || error.startsWith("CLUSTERDOWN") || error.startsWith("LOADING")) {
                return new Redirect(Kind.RETRY, -1, null, 0);
            }
            if (error.startsWith("NOSCRIPT")) {
                return new Redirect(Kind.NOSCRIPT, -1, null, 0);
            }
            return null;
        }

        /** The address to go to, {@code self} (the node that answered) filling in an empty host. */
        String address(String self) {
            if (host.isEmpty() || host.equals("?")) {
                int colon = self.lastIndexOf(':');
                return self.substring(0, colon) + ":" + port;
            }
            return NodeMap.address(host, port);
        }
    }

    private final String[] owners = new String[SLOTS];
    private final String fallback;
    private final Connector connector;
    private final boolean cluster;
    private final Map<String, RedisConnection> connections = new LinkedHashMap<>();
    private final List<String> nodeIds;
    private NodeSetup setup;
    private RedisConnection borrowed;
    private long moved;
    private long asked;
    private long retried;

    private SlotRouter(boolean cluster, String fallback, Connector connector, List<String> nodeIds) {
        this.cluster = cluster;
        this.fallback = fallback;
        this.connector = connector;
        this.nodeIds = nodeIds;
    }

    /**
     * A router over {@code topology} (its primaries' slots); a slot no primary serves goes to
     * {@code fallback} (the seed), whose redirect then says where.
     */
    public static SlotRouter cluster(List<ClusterNode> topology, String fallback, Connector connector) {
        SlotRouter r = new SlotRouter(true, fallback, connector, topology.stream().map(ClusterNode::id).toList());
        for (ClusterNode n : topology) {
            if (!n.primary()) {
                continue;
            }
            for (int[] range : n.slots()) {
                for (int s = Math.max(0, range[0]); s <= Math.min(SLOTS - 1, range[1]); s++) {
                    r.owners[s] = n.address();
                }
            }
        }
        return r;
    }

    /** One server, outside a cluster, on a connection the caller opened (and closes). */
    public static SlotRouter single(RedisConnection c, String name) {
        SlotRouter r = new SlotRouter(false, name, address -> {
            throw new IOException(name + " redirected to " + address + ", but it is not a cluster node");
        }, List.of());
        r.connections.put(name, c);
        r.borrowed = c;
        return r;
    }

    /** Whether this routes across a cluster's nodes (false: one server). */
    public boolean cluster() {
        return cluster;
    }

    /** The ids of the cluster's nodes, replicas included, when the router was made (empty: one server). */
    public List<String> nodeIds() {
        return nodeIds;
    }

    /**
     * Runs {@code setup} on every node the slot table names now (connecting to each), and on every
     * node connected to later, before its first command.
     */
    public void onEveryNode(NodeSetup setup) throws IOException {
        this.setup = setup;
        Set<String> nodes = new java.util.LinkedHashSet<>(connections.keySet());
        for (String o : owners) {
            if (o != null) {
                nodes.add(o);
            }
        }
        if (nodes.isEmpty()) {
            nodes.add(fallback);
        }
        for (String n : nodes) {
            setUp(n, connection(n));
        }
    }

    /** The node a command for {@code key} goes to now: its slot's owner as far as this router knows. */
    public String nodeOf(byte[] key) {
        String o = owners[slot(key)];
        return o != null ? o : fallback;
    }

    /** MOVED replies followed so far. */
    public long moved() {
        return moved;
    }

    /** ASK replies followed so far. */
    public long asked() {
        return asked;
    }

    /** Commands sent again after TRYAGAIN, CLUSTERDOWN or LOADING. */
    public long retried() {
        return retried;
    }

    /** SELECT on the one server ({@link #single} only: a cluster has only db 0). */
    public void select(int db) throws IOException {
        if (cluster) {
            throw new IllegalStateException("a Redis Cluster has only db 0");
        }
        borrowed.call("SELECT", String.valueOf(db));
    }

    /**
     * Runs every command at its key's node and returns the final replies in order: what the
     * command answered once no redirect was left (an error other than a redirect is returned as
     * {@link RedisError}). Throws when a node is lost, or a command is redirected more than
     * {@value #MAX_ATTEMPTS} times.
     */
    public Object[] run(List<? extends Command> commands) throws IOException {
        int n = commands.size();
        Object[] replies = new Object[n];
        String[] node = new String[n];
        boolean[] asking = new boolean[n];
        int[] tries = new int[n];
        List<Integer> todo = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            node[i] = nodeOf(commands.get(i).key());
            todo.add(i);
        }
        for (int round = 0; !todo.isEmpty(); round++) {
            Map<String, List<Integer>> groups = new LinkedHashMap<>();
            for (int i : todo) {
                groups.computeIfAbsent(node[i], k -> new ArrayList<>()).add(i);
            }
            for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
                RedisConnection c = connection(g.getKey());
                for (int i : g.getValue()) {
                    if (asking[i]) {
                        c.send(ASKING);
                    }
                    c.send(commands.get(i).args());
                }
            }
            // Every node gets its pipeline before any reply is read: they work at once.
            for (String address : groups.keySet()) {
                flush(address);
            }
            List<Integer> again = new ArrayList<>();
            Set<String> noScript = new HashSet<>();
            boolean backoff = false;
            for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
                String address = g.getKey();
                RedisConnection c = connections.get(address);
                for (int i : g.getValue()) {
                    if (asking[i]) {
                        read(c, address); // +OK
                    }
                    Object reply = read(c, address);
                    Redirect r = reply instanceof RedisError e ? Redirect.parse(e.message()) : null;
                    if (r == null || (r.kind() == Redirect.Kind.NOSCRIPT && setup == null)) {
                        replies[i] = reply;
                        continue;
                    }
                    if (++tries[i] >= MAX_ATTEMPTS) {
                        throw new IOException("the command for key " + KeyText.display(commands.get(i).key())
                                + " was redirected " + tries[i] + " times, last by " + address + ": "
                                + ((RedisError) reply).message());
                    }
                    switch (r.kind()) {
                        case MOVED -> {
                            moved++;
                            String to = r.address(address);
                            if (r.slot() >= 0 && r.slot() < SLOTS) {
                                owners[r.slot()] = to;
                            }
                            node[i] = to;
                            asking[i] = false;
                        }
                        case ASK -> {
                            asked++;
                            node[i] = r.address(address);
                            asking[i] = true;
                        }
                        case RETRY -> {
                            retried++;
                            backoff = true;
                            node[i] = nodeOf(commands.get(i).key());
                            asking[i] = false;
                        }
                        case NOSCRIPT -> noScript.add(address);
                    }
                    // A command redirected again and again (a slot bouncing while the nodes agree) waits too.
                    backoff |= tries[i] > 3;
                    again.add(i);
                }
            }
            for (String address : noScript) {
                setUp(address, connections.get(address));
            }
            if (backoff) {
                sleep(Math.min(MAX_BACKOFF_MS, 10L << Math.min(round, 7)));
            }
            todo = again;
        }
        return replies;
    }

    private void flush(String address) throws IOException {
        try {
            connections.get(address).flush();
        } catch (IOException e) {
            throw lost(address, e);
        }
    }

    private Object read(RedisConnection c, String address) throws IOException {
        try {
            return c.read();
        } catch (IOException e) {
            throw lost(address, e);
        }
    }

    private IOException lost(String address, IOException e) {
        return cluster ? new IOException("cluster node " + address + ": " + e.getMessage(), e) : e;
    }

    private RedisConnection connection(String address) throws IOException {
        RedisConnection c = connections.get(address);
        if (c == null) {
            c = connector.connect(address);
            connections.put(address, c);
            if (setup != null) {
                setUp(address, c);
            }
        }
        return c;
    }

    private void setUp(String address, RedisConnection c) throws IOException {
        try {
            setup.run(c);
        } catch (IOException e) {
            throw lost(address, e);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the cluster");
        }
    }

    /**
     * The hash slot of {@code key}: CRC16-XMODEM of the key, or of its hash tag (the bytes between
     * the first {@code {} and the first {@code }} after it, when there are any), modulo 16384.
     */
    public static int slot(byte[] key) {
        int from = 0;
        int to = key.length;
        for (int i = 0; i < key.length; i++) {
            if (key[i] == '{') {
                for (int j = i + 1; j < key.length; j++) {
                    if (key[j] == '}') {
                        if (j > i + 1) {
                            from = i + 1;
                            to = j;
                        }
                        break;
                    }
                }
                break;
            }
        }
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ CRC16[((crc >>> 8) ^ key[i]) & 0xff]) & 0xffff;
        }
        return crc & (SLOTS - 1);
    }

    /** Closes the connections this router opened (not one {@link #single} was given). */
    @Override
    public void close() {
        for (RedisConnection c : connections.values()) {
            if (c != borrowed) {
                c.close();
            }
        }
        connections.clear();
    }
}
