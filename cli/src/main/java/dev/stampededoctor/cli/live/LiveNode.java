package dev.stampededoctor.cli.live;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.redis.KeyEventStream;
import dev.stampededoctor.cli.redis.KeyspaceNotifications;
import dev.stampededoctor.cli.redis.LiveSource;
import dev.stampededoctor.cli.redis.LiveWatcher;
import dev.stampededoctor.cli.redis.MasterLink;
import dev.stampededoctor.cli.redis.MonitorSource;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.ServerInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One server a live scan reads: its control connection (INFO, CLIENT LIST), its stream (MONITOR
 * or keyspace events), the watcher that guards the output buffer Redis holds for us, and the
 * notify-keyspace-events setting it changed, to put back. Opened step by step by
 * {@link LiveSession}; {@link #close} ends every part and {@link #restore} puts the setting back,
 * each safe to call more than once and from a shutdown hook.
 */
public final class LiveNode {
    private final Supplier<RedisConnection> connector;
    private final RedisUrl url;
    /** {@code host:port} of a node of several; null when the scan reads one server. */
    private final String node;
    private final RedisConnection control;
    private final ServerInfo info;
    private final String masterLink;
    /** The server's clock less ours, in µs, when INFO answered (null when INFO has no server_time_usec). */
    private final Long clockOffsetMicros;
    /** Our own connections' addresses, whose commands MONITOR shows too: dropped from the stream. */
    private final List<String> ownSources = new ArrayList<>();
    private RedisConnection monitorConnection;
    private InputStream monitorStream;
    private long monitorId = -1;
    private KeyspaceNotifications notifications;
    private KeyEventStream keyEvents;
    private LiveSource source;
    private LiveWatcher watcher;

    private LiveNode(Supplier<RedisConnection> connector, RedisUrl url, String node, RedisConnection control,
            ServerInfo info, String masterLink, Long clockOffsetMicros) {
        this.clockOffsetMicros = clockOffsetMicros;
        this.connector = connector;
        this.url = url;
        this.node = node;
        this.control = control;
        this.info = info;
        this.masterLink = masterLink;
    }

    /** Connects the control connection and reads what the scan needs to know of the server. */
    static LiveNode connect(Supplier<RedisConnection> connector, RedisUrl url, String node) {
        RedisConnection control = connector.get();
        try {
            long before = System.currentTimeMillis() * 1000;
            ServerInfo info = ServerInfo.read(control, "default");
            long after = System.currentTimeMillis() * 1000;
            String link = info.isReplica() ? MasterLink.find(control) : null;
            LiveNode n = new LiveNode(connector, url, node, control, info, link, clockOffset(info, (before + after) / 2));
            n.ownSources.add(control.clientAddress());
            return n;
        } catch (IOException e) {
            control.close();
            throw new ConnectionException("lost Redis at " + url + ": " + e.getMessage(), e);
        }
    }

    private static Long clockOffset(ServerInfo info, long localMicros) {
        try {
            String t = info.get("server_time_usec");
            return t == null ? null : Long.parseLong(t.strip()) - localMicros;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * How far the server's clock is ahead of this host's (µs, negative when behind), within the
     * round trip of one INFO; null when the server does not say (before Redis 5).
     */
    public Long clockOffsetMicros() {
        return clockOffsetMicros;
    }

    /** Sends MONITOR on a connection of its own; refused (ACL, a managed service): one line naming the other sources. */
    void startMonitor() {
        monitorConnection = connector.get();
        try {
            monitorId = (Long) monitorConnection.call("CLIENT", "ID");
            monitorStream = monitorConnection.monitor();
        } catch (RedisReplyException e) {
            monitorConnection.close();
            String others = "; without MONITOR: --source events (keyspace events) or, on this host,"
                    + " --source tcpdump (packets)";
            if (e.reply().startsWith("NOPERM")) {
                throw new ConnectionException("Redis at " + url + " refused MONITOR: the user needs the 'monitor'"
                        + " command in its ACL (+monitor)" + others, e);
            }
            throw new ConnectionException("Redis at " + url + " refused MONITOR: " + e.reply() + others, e);
        } catch (IOException e) {
            monitorConnection.close();
            throw new ConnectionException("lost Redis at " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Subscribes to the keyspace events, as the scan's source ({@code stream} non-null) or beside
     * MONITOR (--notifications); {@code notes} gets what the user should know. Returns false when
     * the notifications beside MONITOR were refused (the scan goes on without them).
     */
    boolean startNotifications(KeyEventStream stream, PrintWriter err, List<String> notes) {
        RedisConnection config = connector.get();
        RedisConnection subscriber = connector.get();
        try {
            if (stream == null) {
                ownSources.add(config.clientAddress());
                ownSources.add(subscriber.clientAddress());
                notifications = KeyspaceNotifications.start(config, subscriber, url.db(), err);
                return true;
            }
            keyEvents = stream;
            try {
                notifications = KeyspaceNotifications.start(config, subscriber, url.db(), err, KeyEventStream.FLAGS,
                        stream::event);
            } catch (RedisReplyException e) {
                // CONFIG SET refused (a managed service): the setting as it is, changed in nothing.
                String missing = missingEvents(config);
                if (missing != null && missing.indexOf('E') >= 0) {
                    config.close();
                    subscriber.close();
                    throw new ConnectionException("Redis at " + url + " publishes no keyevents (notify-keyspace-events"
                            + " lacks E) and refuses CONFIG SET (" + e.reply() + "): --source events would see nothing."
                            + " Have it set to '" + KeyEventStream.FLAGS + "', or use --source monitor or tcpdump", e);
                }
                notes.add("CONFIG SET is refused" + on() + " (" + e.reply() + "): notify-keyspace-events was used as the"
                        + " server has it; events it does not publish are missing ("
                        + (missing == null ? "" : missing.isEmpty() ? "none is: " : "it lacks '" + missing + "': ")
                        + "this source needs '" + KeyEventStream.FLAGS
                        + "': E, g for del, x expired, e evicted, m keymiss, $ and h for refills).");
                notifications = KeyspaceNotifications.subscribeOnly(config, subscriber, url.db(), err, stream::event);
            }
            return true;
        } catch (RedisReplyException e) {
            config.close();
            subscriber.close();
            if (stream != null) {
                throw new ConnectionException("Redis at " + url + " refused the keyspace-event subscription: "
                        + e.reply(), e);
            }
            err.println("stampede-doctor: warning: cannot use keyspace notifications" + on() + " (" + e.reply()
                    + "); scanning without them");
            notes.add("Keyspace notifications were asked for but refused" + on() + ": " + e.reply());
            return false;
        } catch (IOException e) {
            config.close();
            subscriber.close();
            throw new ConnectionException("lost Redis at " + url + ": " + e.getMessage(), e);
        }
    }

    /** The flags the events source needs that the server's setting lacks; null when CONFIG GET is refused too. */
    private static String missingEvents(RedisConnection config) throws IOException {
        try {
            return KeyspaceNotifications.missing(KeyspaceNotifications.setting(config), KeyEventStream.FLAGS);
        } catch (RedisReplyException refused) {
            return null;
        }
    }

    /** Builds the node's stream (MONITOR's or the events'), copying what it reads to {@code save} (null: nowhere). */
    LiveSource openSource(long durationNanos, OutputStream save) throws IOException {
        if (keyEvents != null) {
            keyEvents.saveTo(save);
            source = keyEvents;
        } else {
            MonitorSource monitor = new MonitorSource(monitorConnection, monitorStream, durationNanos, save);
            monitor.ignoreSources(ownSources);
            source = monitor;
        }
        return source;
    }

    /** Uses a stream the session opened for several servers at once (tcpdump's). */
    void useSource(LiveSource shared) {
        source = shared;
    }

    /** Starts INFO once a second and the output-buffer guard on the control connection. */
    void startWatcher(long maxClientBuffer) throws IOException {
        watcher = new LiveWatcher(control, monitorId, maxClientBuffer, source);
    }

    /** A new connection to this server (PTTL at the end of the scan), as the scan's own are made. */
    public RedisConnection connectAgain() {
        return connector.get();
    }

    private String on() {
        return node == null ? "" : " on " + node;
    }

    public RedisUrl url() {
        return url;
    }

    /** {@code host:port} of a node of several; null for a scan of one server. */
    public String node() {
        return node;
    }

    /** How notes and errors name it: the node, or the server's URL. */
    public String name() {
        return node != null ? node : url.toString();
    }

    public ServerInfo info() {
        return info;
    }

    /** The address of the replica's link to its master, as MONITOR names it; null on a primary or when not found. */
    public String masterLink() {
        return masterLink;
    }

    public List<String> ownSources() {
        return ownSources;
    }

    public LiveSource source() {
        return source;
    }

    public LiveWatcher watcher() {
        return watcher;
    }

    /** The keyspace notifications this node's scan subscribed to, or null. */
    public KeyspaceNotifications notifications() {
        return notifications;
    }

    /** Puts notify-keyspace-events back, if it was changed; a no-op the second time. */
    public void restore() {
        if (notifications != null) {
            notifications.restore();
        }
    }

    /** Ends the stream (its connection or process) and puts the setting back; never fails, harmless twice. */
    public void stopReading() {
        if (monitorConnection != null) {
            monitorConnection.close();
        }
        if (source != null) {
            source.close();
        }
        restore();
    }

    /** Ends everything, the watcher's connection last; never fails. */
    public void close() {
        stopReading();
        if (watcher != null) {
            watcher.close();
        }
        control.close();
    }
}
