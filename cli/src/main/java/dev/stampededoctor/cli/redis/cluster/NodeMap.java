package dev.stampededoctor.cli.redis.cluster;

import dev.stampededoctor.cli.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --node-map ANNOUNCED=REACHABLE}: where a cluster announces addresses this host cannot
 * reach (NAT, containers, a tunnel), the address to use instead. {@code host:port=host:port}, or
 * {@code host=host} to keep the ports.
 */
public final class NodeMap {
    private final Map<String, String> mapping = new LinkedHashMap<>();

    public static NodeMap parse(List<String> entries) {
        NodeMap m = new NodeMap();
        for (String e : entries == null ? List.<String>of() : entries) {
            int eq = e.indexOf('=');
            if (eq <= 0 || eq == e.length() - 1) {
                throw new UsageException("--node-map " + e + ": ANNOUNCED=REACHABLE, e.g. 10.0.0.5:6379=localhost:7001");
            }
            m.mapping.put(e.substring(0, eq).strip(), e.substring(eq + 1).strip());
        }
        return m;
    }

    /** The address to connect to for {@code host:port} as announced: mapped whole, by host, or as it is. */
    String[] apply(String host, int port) {
        String whole = mapping.get(address(host, port));
        if (whole != null) {
            int colon = whole.lastIndexOf(':');
            if (colon < 0 || whole.endsWith("]")) {
                return new String[] {unbracket(whole), String.valueOf(port)};
            }
            try {
                return new String[] {unbracket(whole.substring(0, colon)), String.valueOf(Integer.parseInt(
                        whole.substring(colon + 1)))};
            } catch (NumberFormatException e) {
                throw new UsageException("--node-map …=" + whole + ": the port must be a number");
            }
        }
        String byHost = mapping.get(host);
        return new String[] {byHost == null ? host : unbracket(byHost), String.valueOf(port)};
    }

    boolean isEmpty() {
        return mapping.isEmpty();
    }

    static String address(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String unbracket(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
