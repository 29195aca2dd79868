package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A tiny cluster-aware client for tests: sends a command whose key is its second argument
 * ({@code GET k}, {@code SET k v}, {@code DEL k}) to the node owning the key's slot, and follows
 * redirects the way real clients do: {@code MOVED slot host:port} updates the slot table and
 * retries there, {@code ASK slot host:port} (a slot being migrated) retries once there after
 * {@code ASKING}, without updating the table. One connection per node, one thread per client.
 */
public final class ClusterClient implements AutoCloseable {
    private static final int MAX_REDIRECTS = 16;

    private final String[] owners = new String[KeySlots.SLOTS];
    private final Map<String, RespClient> connections = new HashMap<>();
    private final String seed;
    private long moved;
    private long asked;

    private ClusterClient(String seed) {
        this.seed = seed;
    }

    /** Connects to {@code host:port} and reads the slot table from its {@code CLUSTER NODES}. */
    public static ClusterClient connect(String host, int port) throws IOException {
        ClusterClient client = new ClusterClient(host + ":" + port);
        try {
            String nodes = client.connection(client.seed).callForText("CLUSTER", "NODES");
            for (ClusterNode n : ClusterNode.parse(nodes)) {
                for (ClusterNode.SlotRange r : n.slots()) {
                    for (int s = r.first(); s <= r.last(); s++) {
                        client.owners[s] = n.host() + ":" + n.port();
                    }
                }
            }
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Sends {@code args} (key at index 1) to the key's node and returns the final reply; redirects are not returned. */
    public Object call(String... args) throws IOException {
        int slot = KeySlots.slot(args[1]);
        String node = owners[slot] != null ? owners[slot] : seed;
        boolean asking = false;
        for (int redirect = 0; redirect <= MAX_REDIRECTS; redirect++) {
            RespClient c = connection(node);
            if (asking) {
                c.callForOk("ASKING");
            }
            Object reply = c.call(args);
            String error = reply instanceof RespClient.Error e ? e.message() : "";
            if (error.startsWith("MOVED ")) {
                node = error.split(" ")[2];
                owners[slot] = node;
                asking = false;
                moved++;
            } else if (error.startsWith("ASK ")) {
                node = error.split(" ")[2];
                asking = true;
                asked++;
            } else {
                return reply;
            }
        }
        throw new IOException(String.join(" ", args) + ": more than " + MAX_REDIRECTS + " redirects, last to " + node);
    }

    /** The node this client would send {@code key} to now ({@code host:port}). */
    public String nodeFor(String key) {
        String node = owners[KeySlots.slot(key)];
        return node != null ? node : seed;
    }

    /** MOVED replies followed so far. */
    public long movedRedirects() {
        return moved;
    }

    /** ASK replies followed so far. */
    public long askRedirects() {
        return asked;
    }

    private RespClient connection(String node) throws IOException {
        RespClient c = connections.get(node);
        if (c == null) {
            int colon = node.lastIndexOf(':');
            String host = node.substring(0, colon);
            if (!Hosts.isLoopback(host)) {
                // Tests write and delete keys: a redirect to a non-loopback address is a bug, not a place to go.
                throw new IOException("refusing to follow a redirect to " + node + ": not a loopback address");
            }
            c = RespClient.tcp(host, Integer.parseInt(node.substring(colon + 1)));
            connections.put(node, c);
        }
        return c;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (RespClient c : connections.values()) {
            try {
                c.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        connections.clear();
        if (first != null) {
            throw first;
        }
    }
}
