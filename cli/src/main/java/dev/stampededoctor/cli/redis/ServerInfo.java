package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Fields of {@code INFO}: {@code role}, {@code cluster_enabled}, {@code redis_version}… */
public final class ServerInfo {
    private final Map<String, String> fields;

    private ServerInfo(Map<String, String> fields) {
        this.fields = fields;
    }

    /** {@code INFO section}; "default" gives the usual sections. */
    public static ServerInfo read(RedisConnection c, String section) throws IOException {
        Object reply = c.call("INFO", section);
        ServerInfo info = reply instanceof byte[] text ? parse(new String(text, java.nio.charset.StandardCharsets.UTF_8))
                : null;
        // A proxy or another service on the port can answer anything (+OK to every command): without
        // INFO's fields the replies that follow would be misread, so it is said here, once.
        if (info == null || info.fields.isEmpty()) {
            String shown = String.valueOf(reply instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                    : reply);
            throw new IOException("the server does not answer INFO as Redis does ('"
                    + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown) + "'): is this Redis?");
        }
        return info;
    }

    static ServerInfo parse(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return new ServerInfo(fields);
    }

    public String get(String field) {
        return fields.get(field);
    }

    public boolean isReplica() {
        return "slave".equals(fields.get("role")) || "replica".equals(fields.get("role"));
    }

    public boolean isCluster() {
        return "1".equals(fields.get("cluster_enabled"));
    }
}
