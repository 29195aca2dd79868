package dev.stampededoctor.cli.live;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which node of a scan a packet's server address is, for one tcpdump beside several nodes: by
 * address and port, the node's host resolved once at the start (a name may stand for the
 * address on the wire); else by the port alone when only one node has it (the traffic seen on
 * another address of this host, or through a NAT).
 */
final class ServerAddresses implements Function<String, String> {
    private record Node(List<InetAddress> addresses, int port, String name) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final Map<Integer, String> byUniquePort = new HashMap<>();

    ServerAddresses(List<LiveNode> live) {
        Map<Integer, Integer> perPort = new HashMap<>();
        for (LiveNode n : live) {
            if (n.url().unixSocket() || n.node() == null) {
                continue;
            }
            List<InetAddress> addresses;
            try {
                addresses = List.of(InetAddress.getAllByName(n.url().host()));
            } catch (UnknownHostException e) {
                addresses = List.of(); // it answered at connect, so this is rare: the port may still tell
            }
            nodes.add(new Node(addresses, n.url().port(), n.node()));
            perPort.merge(n.url().port(), 1, Integer::sum);
            byUniquePort.put(n.url().port(), n.node());
        }
        perPort.forEach((port, count) -> {
            if (count > 1) {
                byUniquePort.remove(port);
            }
        });
    }

    /** The node of {@code server} ({@code ip:port}, IPv6 in brackets), or null. */
    @Override
    public String apply(String server) {
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        int port;
        InetAddress address;
        try {
            port = Integer.parseInt(server.substring(colon + 1));
            String host = server.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            address = InetAddress.getByName(host); // a literal: no lookup
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
        for (Node n : nodes) {
            if (n.port() == port && n.addresses().contains(address)) {
                return n.name();
            }
        }
        return byUniquePort.get(port);
    }
}
