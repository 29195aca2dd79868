package dev.stampededoctor.cli.live;

import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import dev.stampededoctor.detectors.keys.KeyText;
import dev.stampededoctor.detectors.report.LatentRisk;
import dev.stampededoctor.detectors.report.LiveSummary;
import dev.stampededoctor.detectors.stats.TrafficStats;
import dev.stampededoctor.detectors.ttl.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PTTL of keys at the end of a scan, asked of the node that holds each: one server, or on a
 * cluster the nodes in turn, a MOVED meaning "not here" (the scan's nodes are every primary, so
 * one of them answers). Connections are opened on first use and closed together. Read-only.
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

    /** PTTL of the most read keys, at the end of the scan: a herd about to happen. */
    public static List<LiveSummary.LookAhead> lookAhead(List<LiveNode> nodes, List<TrafficStats.HotKey> hot,
            double seconds, PrintWriter err) {
        List<LiveSummary.LookAhead> out = new ArrayList<>();
        if (hot.isEmpty()) {
            return out;
        }
        try (KeyTtls ttls = new KeyTtls(nodes)) {
            for (TrafficStats.HotKey k : hot) {
                long ttl = ttls.pttl(k.db(), k.key());
                double rate = Math.round(k.reads() / seconds * 10) / 10.0;
                String key = KeyText.display(k.key());
                String warning = ttl > 0 && ttl <= 600_000 && rate >= 10
                        ? String.format(Locale.ROOT, "%s expires in %s, read %,.0f times/s: a herd waits there unless its"
                                + " refresh is spread or coalesced", key, Durations.text(ttl), rate)
                        : null;
                out.add(new LiveSummary.LookAhead(k.db(), key, k.reads(), rate, ttl, warning));
            }
        } catch (IOException | RuntimeException e) {
            err.println("stampede-doctor: warning: no look-ahead at the hot keys' TTLs: " + e.getMessage());
        }
        return out;
    }

    /**
     * The latent risks whose next expiry the capture did not show, with it from PTTL now (at the
     * end of the scan); the others as they are. A key without a TTL (-1) or gone (-2) stays without.
     */
    public static List<LatentRisk> latentExpiries(List<LiveNode> nodes, List<LatentRisk> risks, PrintWriter err) {
        if (risks.stream().allMatch(r -> r.nextExpiryAt() != null)) {
            return risks;
        }
        List<LatentRisk> out = new ArrayList<>();
        try (KeyTtls ttls = new KeyTtls(nodes)) {
            for (LatentRisk r : risks) {
                if (r.nextExpiryAt() != null) {
                    out.add(r);
                    continue;
                }
                long ttl = ttls.pttl(r.db(), KeyText.parse(r.key()));
                out.add(ttl > 0 ? r.withExpiry(System.currentTimeMillis() * 1000, ttl) : r);
            }
        } catch (IOException | RuntimeException e) {
            err.println("stampede-doctor: warning: no PTTL of the latent risks' keys: " + e.getMessage());
            return risks;
        }
        return out;
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
