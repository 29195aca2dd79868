package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Sentinel deployment on loopback: one primary, one replica ({@code --replicaof}) and one
 * sentinel (quorum 1) that monitors them under {@link #masterName()}. Started in that order, and
 * the sentinel only once the replica is linked: a sentinel learns replicas from the master's INFO,
 * which it asks every 10 s, so a replica that connects after its first look stays unknown for 10 s.
 */
public final class RedisSentinelProcess implements AutoCloseable {
    public static final String MASTER_NAME = "stampede";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);
    /** A sentinel reconfigures the demoted master only after 4 publish periods (8 s) and its next INFO. */
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(25);

    private final RedisBinary binary;
    private final List<StartedServer<RedisServerHandle>> servers = new ArrayList<>();

    private RedisSentinelProcess(RedisBinary binary) {
        this.binary = binary;
    }

    /** Starts the three processes and waits until the sentinel knows the master and its replica. */
    public static RedisSentinelProcess start() throws IOException {
        RedisSentinelProcess setup = new RedisSentinelProcess(RedisBinary.find());
        try {
            RedisServerHandle primary = setup.add(setup.binary.start(options()));
            setup.add(setup.binary.start(options("--replicaof", primary.host(), Integer.toString(primary.port()))));
            Waits.until("the replica linked to " + primary.port(), SETTLE_TIMEOUT,
                    () -> setup.replicaOf(setup.replica(), primary.port()));
            setup.add(setup.binary.start((standard, port, dir) -> sentinelCommand(standard, port, dir, primary)));
            Waits.until("the sentinel knowing master and replica", SETTLE_TIMEOUT, setup::sentinelReady);
            return setup;
        } catch (IOException | RuntimeException e) {
            IOException withLogs = new IOException(e.getMessage() + "\n" + setup.logTails(), e);
            try {
                setup.close();
            } catch (IOException c) {
                withLogs.addSuppressed(c);
            }
            throw withLogs;
        }
    }

    private static RedisProcess.Launch options(String... extra) {
        return (standard, port, dir) -> {
            // A replica syncs at once instead of after 7.0's 5 s diskless delay.
            standard.addAll(List.of("--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0"));
            standard.addAll(List.of(extra));
            return standard;
        };
    }

    /** {@code redis-server sentinel.conf --sentinel ...}: the config file must come first, and be writable (Sentinel rewrites it). */
    private static List<String> sentinelCommand(List<String> standard, int port, Path dir, RedisServerHandle primary)
            throws IOException {
        Path conf = dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(conf, "port " + port + "\n"
                + "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primary.port() + " 1\n"
                + "sentinel down-after-milliseconds " + MASTER_NAME + " 1000\n"
                + "sentinel failover-timeout " + MASTER_NAME + " 5000\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(standard);
        command.add(1, conf.toString());
        command.add(2, "--sentinel");
        return command;
    }

    private RedisServerHandle add(StartedServer<RedisServerHandle> server) {
        servers.add(server);
        return server.handle();
    }

    /** The server started as primary (after {@link #failover()} it is the replica). */
    public RedisServerHandle primary() {
        return servers.get(0).handle();
    }

    /** The server started as replica. */
    public RedisServerHandle replica() {
        return servers.get(1).handle();
    }

    public RedisServerHandle sentinel() {
        return servers.get(2).handle();
    }

    public String masterName() {
        return MASTER_NAME;
    }

    /** {@code redis-sentinel://127.0.0.1:SPORT/NAME}: what the tool is pointed at. */
    public String url() {
        return "redis-sentinel://" + sentinel().host() + ":" + sentinel().port() + "/" + MASTER_NAME;
    }

    /** The master's port as the sentinel reports it now (SENTINEL GET-MASTER-ADDR-BY-NAME). */
    public int masterPort() throws IOException {
        try (RespClient c = sentinel().connect()) {
            Object reply = c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
            if (reply instanceof List<?> addr && addr.size() == 2 && addr.get(1) instanceof byte[] port) {
                return Integer.parseInt(new String(port, StandardCharsets.UTF_8));
            }
            throw new IOException("SENTINEL GET-MASTER-ADDR-BY-NAME answered " + RespClient.describe(reply));
        }
    }

    /** The server the sentinel names as master now. */
    public RedisServerHandle master() throws IOException {
        int port = masterPort();
        return port == primary().port() ? primary() : replica();
    }

    /**
     * SENTINEL FAILOVER, then waits until the sentinel names the former replica and both servers'
     * INFO replication shows the swap (the old master replicating the new one, link up).
     */
    public void failover() throws IOException {
        RedisServerHandle oldMaster = master();
        RedisServerHandle newMaster = oldMaster == primary() ? replica() : primary();
        try (RespClient c = sentinel().connect()) {
            c.callForOk("SENTINEL", "FAILOVER", MASTER_NAME);
        }
        Waits.until("the sentinel failing " + MASTER_NAME + " over to " + newMaster.port(), FAILOVER_TIMEOUT, () -> {
            if (masterPort() != newMaster.port()) {
                return "sentinel still names " + masterPort();
            }
            String role = info(newMaster, "role:");
            return !"master".equals(role) ? newMaster.port() + " has role " + role : replicaOf(oldMaster, newMaster.port());
        });
    }

    /**
     * The sentinel names the primary and can promote the replica. Listing the replica is not
     * enough: it comes from the master's INFO, and until the sentinel has had the replica's own
     * INFO it answers SENTINEL FAILOVER with NOGOODSLAVE (seen here with 6.2), so wait for
     * {@code info-refresh} to be recent, the flags to be just {@code slave} and its link ok.
     */
    private String sentinelReady() throws IOException {
        try (RespClient c = sentinel().connect()) {
            if (!(c.call("SENTINEL", "REPLICAS", MASTER_NAME) instanceof List<?> replicas) || replicas.size() != 1
                    || !(replicas.get(0) instanceof List<?> fields)) {
                return "sentinel does not list the replica yet";
            }
            java.util.Map<String, String> replica = new java.util.HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                replica.put(text(fields.get(i)), text(fields.get(i + 1)));
            }
            if (!"slave".equals(replica.get("flags")) || !"ok".equals(replica.get("master-link-status"))
                    || Long.parseLong(replica.getOrDefault("info-refresh", "-1")) < 0
                    || Long.parseLong(replica.get("info-refresh")) > 5000) {
                return "sentinel sees the replica as " + replica;
            }
        }
        return masterPort() == primary().port() ? null : "sentinel names " + masterPort();
    }

    private static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    /** Null when {@code server} replicates {@code masterPort} with its link up. */
    private String replicaOf(RedisServerHandle server, int masterPort) throws IOException {
        if (!"slave".equals(info(server, "role:")) || !String.valueOf(masterPort).equals(info(server, "master_port:"))
                || !"up".equals(info(server, "master_link_status:"))) {
            return server.port() + " is not yet a linked replica of " + masterPort;
        }
        return null;
    }

    private static String info(RedisServerHandle server, String field) throws IOException {
        try (RespClient c = server.connect()) {
            return c.callForText("INFO", "replication").lines().filter(l -> l.startsWith(field))
                    .map(l -> l.substring(field.length()).trim()).findFirst().orElse(null);
        }
    }

    public String logTails() {
        StringBuilder out = new StringBuilder();
        for (StartedServer<RedisServerHandle> s : servers) {
            out.append(Waits.logTail(s.handle())).append('\n');
        }
        return out.toString();
    }

    /** Stops the sentinel first (so it does not react to the others stopping), then the servers. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        binary.close();
        if (first != null) {
            throw first;
        }
    }
}
