package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A replica's connection from its master, as MONITOR names it: the {@code addr} of the client
 * {@code CLIENT LIST} flags {@code M}. Every write the replica sees comes over it, expiries too.
 */
public final class MasterLink {
    private MasterLink() {
    }

    /** The master link's {@code ip:port}, or null when there is none or CLIENT LIST is refused. */
    public static String find(RedisConnection c) throws IOException {
        Object reply;
        try {
            reply = c.call("CLIENT", "LIST");
        } catch (RedisReplyException e) {
            return null;
        }
        String text = reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
        for (String line : text.split("\n")) {
            String addr = null;
            boolean master = false;
            for (String field : line.strip().split(" ")) {
                if (field.startsWith("addr=")) {
                    addr = field.substring(5);
                } else if (field.startsWith("flags=")) {
                    master = field.substring(6).indexOf('M') >= 0;
                }
            }
            if (master && addr != null) {
                return addr;
            }
        }
        return null;
    }
}
