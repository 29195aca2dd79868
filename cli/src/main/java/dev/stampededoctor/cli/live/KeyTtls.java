package dev.stampededoctor.cli.live;

import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PTTL of keys at the end of a scan, asked of the node that holds each: one server, or on a
 * cluster the nodes in turn, a MOVED meaning "not here" (the scan's nodes are every primary, so
 * one of them answers). Connections are opened on first use and closed together.
 */
public final class KeyTtls implements AutoCloseable {
    private static final byte[] PTTL = "PTTL".getBytes(StandardCharsets.US_ASCII);

    private final List<LiveNode> nodes;
    private final List<RedisConnection> connections = new ArrayList<>();
    private final int[] dbs;

    public KeyTtls(List<LiveNode> nodes) {
        this.nodes = nodes;
        this.dbs = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            connections.add(null);
            dbs[i] = nodes.get(i).url().db();
        }
    }

    /** The key's PTTL in ms (-1 no TTL, -2 gone, also when no node holds it). */
    public long pttl(int db, byte[] key) throws IOException {
        for (int i = 0; i < nodes.size(); i++) {
            RedisConnection c = connection(i);
            if (dbs[i] != db) {
                c.call("SELECT", String.valueOf(db));
                dbs[i] = db;
            }
            try {
                return (Long) c.call(PTTL, key);
            } catch (RedisReplyException e) {
                if (!e.reply().startsWith("MOVED") && !e.reply().startsWith("ASK")) {
                    throw e;
                }
                // another node's slot: ask the next
            }
        }
        return -2;
    }

    private RedisConnection connection(int i) {
        RedisConnection c = connections.get(i);
        if (c == null) {
            c = nodes.get(i).connectAgain();
            connections.set(i, c);
        }
        return c;
    }

    @Override
    public void close() {
        for (RedisConnection c : connections) {
            if (c != null) {
                c.close();
            }
        }
    }
}
