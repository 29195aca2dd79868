package dev.stampededoctor.cli.redis.sentinel;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.ServerInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Asks the sentinels, in the order given, where the master is now ({@code SENTINEL
 * GET-MASTER-ADDR-BY-NAME}), and checks with the master itself that it is one: right after a
 * failover a sentinel may still name the old one. The first sentinel that answers with a master
 * that agrees wins; a sentinel that does not answer is passed over and named if none does.
 */
public final class SentinelResolver {
    private final Function<RedisUrl, RedisConnection> connector;

    public SentinelResolver(Function<RedisUrl, RedisConnection> connector) {
        this.connector = connector;
    }

    /** The master's URL (the data nodes' credentials, db and TLS), and which sentinel said so. */
    public record Resolved(RedisUrl master, String sentinel) {
    }

    public Resolved resolve(SentinelUrl url) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < url.hosts().size(); i++) {
            String sentinel = url.hosts().get(i) + ":" + url.ports().get(i);
            // Sentinels are reached without TLS and, first, without credentials: most have none.
            RedisUrl at = new RedisUrl(false, url.hosts().get(i), url.ports().get(i), null, null, 0);
            try {
                String[] address = ask(at, url, failures, sentinel);
                if (address == null) {
                    continue;
                }
                RedisUrl master = new RedisUrl(url.tls(), address[0], Integer.parseInt(address[1]), url.user(),
                        url.password(), url.db());
                try (RedisConnection c = connector.apply(master)) {
                    if (ServerInfo.read(c, "replication").isReplica()) {
                        failures.add(sentinel + " named " + address[0] + ":" + address[1] + ", which is a replica now");
                        continue;
                    }
                }
                return new Resolved(master, sentinel);
            } catch (ConnectionException e) {
                failures.add(sentinel + ": " + e.getMessage());
            } catch (IOException e) {
                failures.add(sentinel + ": " + e.getMessage());
            }
        }
        throw new ConnectionException("no sentinel of " + url + " named a reachable master '" + url.master() + "': "
                + String.join("; ", failures), null);
    }

    private String[] ask(RedisUrl at, SentinelUrl url, List<String> failures, String sentinel) throws IOException {
        try (RedisConnection c = connector.apply(at)) {
            Object reply;
            try {
                reply = c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", url.master());
            } catch (RedisReplyException e) {
                if (!e.reply().startsWith("NOAUTH") || url.password() == null) {
                    failures.add(sentinel + " refused SENTINEL: " + e.reply());
                    return null;
                }
                // A sentinel with requirepass: the URL's credentials, as lettuce tries them.
                c.call(url.user() == null ? new String[] {"AUTH", url.password()}
                        : new String[] {"AUTH", url.user(), url.password()});
                reply = c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", url.master());
            }
            if (!(reply instanceof List<?> l) || l.size() != 2) {
                failures.add(sentinel + " knows no master named '" + url.master() + "'");
                return null;
            }
            return new String[] {text(l.get(0)), text(l.get(1))};
        }
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
