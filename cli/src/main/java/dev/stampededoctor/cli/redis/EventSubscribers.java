package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stampede-doctor runs subscribed to one server's keyspace events, known by the name each
 * gives its subscriber connection: {@code stampede-doctor:notify-keyspace-events-was=<value>},
 * the value the first of them found. Two operators' scans, or a scan beside the exporter, may
 * overlap, from any host: the last of them to stop puts that value back, and each that stops
 * earlier leaves the setting to the others. A subscriber connection lives as long as its run
 * (Redis never times out a subscribed client), and the kernel closes it when the process dies.
 */
final class EventSubscribers {
    static final String NAME_PREFIX = "stampede-doctor:notify-keyspace-events-was=";

    /** One other subscription: its connection's id and address, and the value it puts back. */
    record Subscriber(long id, String addr, String original) {
    }

    private EventSubscribers() {
    }

    /**
     * Names {@code subscriber} as a run that puts {@code original} back; false when the server
     * refuses CLIENT SETNAME (an ACL): then this run cannot be seen by the others.
     */
    static boolean name(RedisConnection subscriber, String original) throws IOException {
        try {
            subscriber.call("CLIENT", "SETNAME", NAME_PREFIX + original);
            return true;
        } catch (RedisReplyException e) {
            return false;
        }
    }

    /** Closes connection {@code id} on the server, at once; a refusal (an ACL, gone already) is ignored. */
    static void kill(RedisConnection control, long id) throws IOException {
        try {
            control.call("CLIENT", "KILL", "ID", Long.toString(id));
        } catch (RedisReplyException e) {
            // no such client any more, or no right to kill it: it closes on its own
        }
    }

    /** {@code connection}'s id, or -1 when the server refuses CLIENT ID. */
    static long id(RedisConnection connection) throws IOException {
        try {
            return connection.call("CLIENT", "ID") instanceof Long id ? id : -1;
        } catch (RedisReplyException e) {
            return -1;
        }
    }

    /**
     * The other runs' subscribers, oldest first (Redis numbers connections in order); null when
     * the server refuses CLIENT LIST, so that none can be told.
     */
    static List<Subscriber> others(RedisConnection control, long ownId) throws IOException {
        String list;
        try {
            list = control.callForText("CLIENT", "LIST", "TYPE", "pubsub");
        } catch (RedisReplyException e) {
            return null;
        }
        List<Subscriber> found = new ArrayList<>();
        for (String line : list.split("\n")) {
            Subscriber s = parse(line.strip());
            if (s != null && s.id() != ownId) {
                found.add(s);
            }
        }
        found.sort(java.util.Comparator.comparingLong(Subscriber::id));
        return found;
    }

    /** A CLIENT LIST line of a stampede-doctor subscriber, or null. */
    static Subscriber parse(String line) {
        long id = -1;
        String addr = "";
        String name = null;
        for (String field : line.split(" ")) {
            if (field.startsWith("id=")) {
                try {
                    id = Long.parseLong(field.substring(3));
                } catch (NumberFormatException e) {
                    return null;
                }
            } else if (field.startsWith("addr=")) {
                addr = field.substring(5);
            } else if (field.startsWith("name=")) {
                name = field.substring(5);
            }
        }
        return name != null && name.startsWith(NAME_PREFIX) && id >= 0
                ? new Subscriber(id, addr, name.substring(NAME_PREFIX.length()))
                : null;
    }
}
