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
        return parse(c.callForText("INFO", section));
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
