package dev.stampededoctor.cli.redis.cluster;

import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of a Redis Cluster, from any one of them: {@code CLUSTER SHARDS} (Redis 7.0+, Valkey),
 * else {@code CLUSTER NODES} (older servers, and where SHARDS is renamed away). A replica's slots
 * are its primary's, so that a caller choosing replicas still knows which keys each one holds.
 */
public final class ClusterTopology {
    private ClusterTopology() {
    }

    public static List<ClusterNode> discover(RedisConnection c, boolean tls) throws IOException {
        try {
            return fromShards((List<?>) c.call("CLUSTER", "SHARDS"), tls);
        } catch (RedisReplyException e) {
            Object nodes = c.call("CLUSTER", "NODES");
            return fromNodes(nodes instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(nodes));
        }
    }

    /** The {@code CLUSTER SHARDS} reply (RESP2: each map a flat list of names and values). */
    static List<ClusterNode> fromShards(List<?> shards, boolean tls) {
        List<ClusterNode> out = new ArrayList<>();
        for (Object shard : shards) {
            Map<String, Object> s = map(shard);
            List<int[]> slots = new ArrayList<>();
            List<?> flat = s.get("slots") instanceof List<?> l ? l : List.of();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                slots.add(new int[] {(int) number(flat.get(i)), (int) number(flat.get(i + 1))});
            }
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (Object n : s.get("nodes") instanceof List<?> l ? l : List.of()) {
                nodes.add(map(n));
            }
            String primaryId = null;
            for (Map<String, Object> n : nodes) {
                if ("master".equals(text(n.get("role")))) {
                    primaryId = text(n.get("id"));
                }
            }
            for (Map<String, Object> n : nodes) {
                boolean primary = "master".equals(text(n.get("role")));
                long port = tls && n.containsKey("tls-port") ? number(n.get("tls-port")) : number(n.get("port"));
                String host = text(n.get("endpoint"));
                if (host == null || host.isEmpty() || host.equals("?")) {
                    host = text(n.get("ip"));
                }
                String health = text(n.get("health"));
                out.add(new ClusterNode(text(n.get("id")), host, (int) port, primary, primary ? null : primaryId,
                        List.copyOf(slots), "online".equals(health) && host != null && !host.isEmpty()));
            }
        }
        return out;
    }

    /**
     * The {@code CLUSTER NODES} text: {@code id ip:port@cport[,hostname] flags master ping pong
     * epoch link slot...}; slots in brackets are migrations in progress, not ownership.
     */
    static List<ClusterNode> fromNodes(String text) {
        List<String[]> lines = new ArrayList<>();
        Map<String, List<int[]>> slotsById = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length < 8) {
                continue;
            }
            lines.add(f);
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                int dash = f[i].indexOf('-');
                int from = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(0, dash));
                slots.add(new int[] {from, dash < 0 ? from : Integer.parseInt(f[i].substring(dash + 1))});
            }
            slotsById.put(f[0], slots);
        }
        List<ClusterNode> out = new ArrayList<>();
        for (String[] f : lines) {
            String flags = "," + f[2] + ",";
            boolean primary = flags.contains(",master,");
            String address = f[1];
            int at = address.indexOf('@');
            String hostPort = at < 0 ? address : address.substring(0, at);
            int comma = address.indexOf(',');
            String hostname = comma < 0 ? null : address.substring(comma + 1);
            int colon = hostPort.lastIndexOf(':');
            String host = hostname != null && !hostname.isEmpty() ? hostname : hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            String primaryId = primary || f[3].equals("-") ? null : f[3];
            List<int[]> slots = slotsById.getOrDefault(primary ? f[0] : primaryId, List.of());
            boolean healthy = !flags.contains(",fail,") && !flags.contains(",noaddr,") && !flags.contains(",handshake,")
                    && !host.isEmpty();
            out.add(new ClusterNode(f[0], host, port, primary, primaryId, List.copyOf(slots), healthy));
        }
        return out;
    }

    private static Map<String, Object> map(Object flat) {
        Map<String, Object> m = new HashMap<>();
        if (flat instanceof List<?> l) {
            for (int i = 0; i + 1 < l.size(); i += 2) {
                m.put(text(l.get(i)), l.get(i + 1));
            }
        }
        return m;
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o == null ? null : o.toString();
    }

    private static long number(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        String t = text(o);
        return t == null ? -1 : Long.parseLong(t);
    }
}
