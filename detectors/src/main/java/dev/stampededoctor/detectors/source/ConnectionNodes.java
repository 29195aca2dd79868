package dev.stampededoctor.detectors.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The node each connection of a packet capture talks to, by the connection's client address: one
 * capture of several Redis servers (tcpdump beside a cluster's nodes) holds all their traffic,
 * and an event's node is the server its connections were open to, as with one MONITOR per node.
 * Filled on the reading thread as connections open, read when events are reported.
 *
 * <p>Bounded: past {@link #MAX_CONNECTIONS} connections (short-lived ones, a connection per
 * request) later ones are not recorded, and their events name no node.
 */
public final class ConnectionNodes {
    public static final int MAX_CONNECTIONS = 250_000;

    private final Function<String, String> nodeOfServer;
    /** Per server address, its node ("" for none): the function is asked once per server. */
    private final Map<String, String> servers = new ConcurrentHashMap<>();
    private final Map<String, String> byClient = new ConcurrentHashMap<>();

    /** {@code nodeOfServer}: a server's {@code ip:port} (IPv6 in brackets) to its node's name, or null. */
    public ConnectionNodes(Function<String, String> nodeOfServer) {
        this.nodeOfServer = nodeOfServer;
    }

    /** A connection from {@code client} to {@code server} (both {@code ip:port}) opened. */
    public void opened(String client, String server) {
        String node = servers.computeIfAbsent(server, s -> {
            String n = nodeOfServer.apply(s);
            return n == null ? "" : n;
        });
        if (node.isEmpty()) {
            byClient.remove(client); // the same address may have talked to a node before
        } else if (byClient.size() < MAX_CONNECTIONS || byClient.containsKey(client)) {
            byClient.put(client, node);
        }
    }

    /** The node of the connection from {@code client} ({@code ip:port}), null when not known. */
    public String nodeOfClient(String client) {
        return client == null ? null : byClient.get(client);
    }
}
