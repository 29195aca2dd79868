package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.GeneratedAt;
import dev.stampededoctor.cli.postgres.PostgresUrl;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.ServerInfo;
import dev.stampededoctor.cli.render.PrettyJson;
import dev.stampededoctor.detectors.report.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code check}: what {@code scan} will be able to see, before an incident needs it. */
@Command(
        addMethodSubcommands = false,
        name = "check",
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Check what scan can see: versions, roles, permissions, settings.",
        description = {
            "Connects to Redis (and PostgreSQL) and reports the versions, the role, what the credentials may"
                    + " do (MONITOR, CLIENT LIST, SCAN, CONFIG GET/SET, pg_read_all_stats), notify-keyspace-events,"
                    + " compute_query_id and pg_stat_statements, pooler hints, the current ops/s and what MONITOR"
                    + " would cost. MONITOR is tried on a throwaway connection for an instant; nothing is changed."
                    + " Exit 0 only when scan can run with full visibility, 1 when something limits it.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor check --redis redis://cache:6379",
            "  stampede-doctor check --redis redis://ops:@cache:6379 --postgres postgresql://ops@db/shop",
        })
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis;

    @Mixin
    DeploymentOptions deployment;

    @Option(names = "--postgres", paramLabel = "URL", description = "Also check PostgreSQL (same forms as scan).")
    String postgres;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or openmetrics (default: ${DEFAULT-VALUE}).")
    CheckFormat format;

    @Mixin
    HelpOptions help;

    enum CheckFormat { text, json, openmetrics }

    @Spec
    CommandSpec spec;

    /** One finding: {@code ok} is null when it could not be told; {@code node} names the cluster node, else null. */
    public record Check(String server, String name, Boolean ok, String detail,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            String node) {
        public Check(String server, String name, Boolean ok, String detail) {
            this(server, name, ok, detail, null);
        }

        Check on(String node) {
            return new Check(server, name, ok, detail, node);
        }
    }

    /** The JSON document: every check, and whether scan has full visibility. */
    public record Result(int reportVersion, String generatedAt, Target target, boolean ready, List<Check> checks) {
        /** Bumped when a field changes meaning or disappears; new fields do not bump it. */
        public static final int VERSION = 1;
    }

    @Override
    public Integer call() {
        PostgresUrl pg = postgres == null ? null : PostgresUrl.parse(postgres, System.getenv());
        RedisUrl target = redis.target();
        List<Check> checks = new ArrayList<>();
        boolean unreachable = false;
        dev.stampededoctor.cli.redis.cluster.DeploymentResolver resolver = deployment.resolver(redis);
        dev.stampededoctor.cli.redis.cluster.Deployment nodes;
        try {
            nodes = resolver.resolve(target);
        } catch (dev.stampededoctor.cli.ConnectionException e) {
            checks.add(new Check("redis", "connection", false, e.getMessage()));
            nodes = null;
            unreachable = true;
        }
        if (nodes != null) {
            nodes.notes().forEach(n -> checks.add(new Check("redis", "cluster", null, n)));
            for (dev.stampededoctor.cli.redis.cluster.Deployment.Member m : nodes.members()) {
                List<Check> mine = new ArrayList<>();
                try (RedisConnection c = resolver.connect(m)) {
                    redisChecks(c, m.url(), mine);
                } catch (IOException e) {
                    mine.add(new Check("redis", "connection", false, "lost during the checks: " + e.getMessage()));
                    unreachable = true;
                } catch (dev.stampededoctor.cli.ConnectionException e) {
                    mine.add(new Check("redis", "connection", false, e.getMessage()));
                    unreachable = true;
                }
                for (Check k : mine) {
                    // This host's own checks (tcpdump) once, not once per node.
                    if (!k.server().equals("local") || checks.stream().noneMatch(o -> o.server().equals("local"))) {
                        checks.add(k.server().equals("local") ? k : k.on(m.node()));
                    }
                }
            }
            if (nodes.several() && nodes.members().size() > 1) {
                long failing = nodes.members().stream().filter(m -> checks.stream().anyMatch(k -> m.node().equals(k.node())
                        && Boolean.FALSE.equals(k.ok()))).count();
                checks.add(new Check("redis", "cluster", failing == 0, String.format(Locale.ROOT,
                        "%d node(s) checked (%s), %d with something marked ✗", nodes.members().size(),
                        deployment.nodes, failing)));
            }
        }
        if (pg != null) {
            unreachable |= !postgresChecks(pg, checks);
        }
        boolean ready = checks.stream().noneMatch(k -> Boolean.FALSE.equals(k.ok()));
        print(new Result(Result.VERSION, GeneratedAt.now(), Target.redis(List.of(target.withoutCredentials()),
                pg == null ? null : pg.withoutCredentials()), ready, checks));
        // Every check is printed first: a server that cannot be reached is exit 3, as for scan.
        for (Check k : checks) {
            if (k.name().equals("connection") && Boolean.FALSE.equals(k.ok())) {
                spec.commandLine().getErr().println("stampede-doctor: " + k.server() + ": " + k.detail());
            }
        }
        return unreachable ? ExitCode.CONNECTION : ready ? ExitCode.OK : ExitCode.FOUND;
    }

    private void redisChecks(RedisConnection c, RedisUrl target, List<Check> checks) throws IOException {
        ServerInfo info;
        try {
            info = ServerInfo.read(c, "default");
        } catch (RedisReplyException e) {
            checks.add(new Check("redis", "INFO", false, "refused: " + e.reply() + " (scan needs INFO for the hit ratio"
                    + " and its timeline)"));
            info = null;
        }
        if (info != null) {
            checks.add(new Check("redis", "server", true, "Redis " + info.get("redis_version") + " at " + target
                    + ", role " + info.get("role") + (info.isCluster() ? ", cluster node" : "")));
        }
        if (info != null && info.isReplica()) {
            checks.add(new Check("redis", "replica", null, "a replica: expiries arrive as DELs from the master, so"
                    + " scan lowers the confidence of invalidation stampedes"));
        }
        String user = target.user() == null ? "default" : target.user();
        String whoami;
        try {
            user = c.callForText("ACL", "WHOAMI");
            whoami = user;
        } catch (RedisReplyException e) {
            // Before Redis 6 there is only the default user; else the ACL keeps it from us.
            whoami = user + " (as connected; ACL WHOAMI " + (e.reply().startsWith("NOPERM") ? "refused" : "unknown here")
                    + ")";
        }
        checks.add(new Check("redis", "user", true, whoami));
        checks.add(tryCommand(c, "CLIENT ID", "CLIENT", "ID"));
        checks.add(tryCommand(c, "CLIENT LIST", "CLIENT", "LIST"));
        checks.add(tryCommand(c, "SCAN", "SCAN", "0", "COUNT", "1"));
        Check config = tryCommand(c, "CONFIG GET", "CONFIG", "GET", "notify-keyspace-events");
        checks.add(config);
        if (Boolean.TRUE.equals(config.ok())) {
            Object reply = c.call("CONFIG", "GET", "notify-keyspace-events");
            String value = reply instanceof List<?> l && l.size() == 2 && l.get(1) instanceof byte[] b
                    ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : "?";
            checks.add(new Check("redis", "notify-keyspace-events", null, "'" + value + "' now (check only reads it;"
                    + " scan --source events and --notifications add what they need and put it back)"));
        }
        checks.add(dryRun(c, user, "CONFIG SET", "CONFIG", "SET", "notify-keyspace-events", "KEA"));
        checks.add(monitor(target));
        checks.add(keyEvents(target, Boolean.TRUE.equals(config.ok()), c));
        checks.add(target.unixSocket() ? new Check("local", "source tcpdump", null, "not over a unix socket:"
                + " tcpdump reads TCP packets (scan --source monitor or events can run)") : tcpdump());
        if (info == null) {
            return;
        }
        long ops = number(info.get("instantaneous_ops_per_sec"));
        checks.add(new Check("redis", "load", null, String.format(Locale.ROOT, "%,d ops/s now: MONITOR would stream"
                + " about %,d lines/s (some %,d KB/s) and can cost Redis up to half its throughput while it runs",
                ops, ops, ops * 80 / 1024)));
    }

    /** Runs a harmless command to see whether the ACL allows it. */
    private static Check tryCommand(RedisConnection c, String name, String... command) throws IOException {
        try {
            c.call(command);
            return new Check("redis", name, true, "allowed");
        } catch (RedisReplyException e) {
            return new Check("redis", name, false, "refused: " + e.reply());
        }
    }

    /** Asks ACL DRYRUN (Redis 7+) about a command we must not run for real. */
    private static Check dryRun(RedisConnection c, String user, String name, String... command) throws IOException {
        String[] args = new String[command.length + 3];
        args[0] = "ACL";
        args[1] = "DRYRUN";
        args[2] = user;
        System.arraycopy(command, 0, args, 3, command.length);
        try {
            String reply = c.callForText(args);
            // Informational: scan itself changes no setting.
            return new Check("redis", name, null, ("OK".equals(reply) ? "allowed" : "refused: " + reply)
                    + " (ACL DRYRUN; scan does not need it)");
        } catch (RedisReplyException e) {
            return new Check("redis", name, null, "could not be told (ACL DRYRUN needs Redis 7 and the right to run"
                    + " it); scan does not need it");
        }
    }

    /**
     * Whether {@code scan --source events} can run: PSUBSCRIBE to the keyevent channels on a
     * throwaway connection, and whether the setting can be changed or already has what it needs.
     * Informational (never ✗): MONITOR does without it.
     */
    private Check keyEvents(RedisUrl target, boolean configReadable, RedisConnection control) throws IOException {
        try (RedisConnection s = redis.connect(target)) {
            s.call("PSUBSCRIBE", "__keyevent@" + target.db() + "__:*");
        } catch (RedisReplyException e) {
            return new Check("redis", "source events", null, "cannot subscribe to keyspace events: " + e.reply());
        } catch (IOException e) {
            return new Check("redis", "source events", null, "could not be tried: " + e.getMessage());
        }
        String how = configReadable ? "notify-keyspace-events is set for the scan and put back after"
                : "CONFIG is refused, so the server's notify-keyspace-events is used as it is (it needs '"
                        + dev.stampededoctor.cli.redis.KeyEventStream.FLAGS + "')";
        return new Check("redis", "source events", true, "scan --source events can run: " + how
                + "; it sees misses, deletions, expiries and refills, not reads that hit or clients");
    }

    /** Whether {@code scan --source tcpdump} can run on this host: tcpdump found, and the right to capture. */
    private static Check tcpdump() {
        java.util.Optional<java.nio.file.Path> binary = java.util.stream.Stream.of(
                        System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(java.io.File.pathSeparator))
                .map(d -> java.nio.file.Path.of(d, "tcpdump")).filter(java.nio.file.Files::isExecutable).findFirst()
                .or(() -> java.util.Optional.of(java.nio.file.Path.of("/usr/sbin/tcpdump"))
                        .filter(java.nio.file.Files::isExecutable));
        if (binary.isEmpty()) {
            return new Check("local", "source tcpdump", null, "tcpdump is not installed on this host (apt-get install"
                    + " tcpdump); scan --source tcpdump reads packets where it runs, so on a Redis or application host");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        return new Check("local", "source tcpdump", root ? true : null, binary.get() + (root
                ? " found, running as root: scan --source tcpdump can run on this host, if the Redis traffic passes it"
                : " found; capturing needs root or CAP_NET_RAW (setcap cap_net_raw,cap_net_admin=eip " + binary.get()
                        + ")"));
    }

    /** MONITOR on a throwaway connection, closed at once. */
    private Check monitor(RedisUrl target) {
        try (RedisConnection m = redis.connect(target)) {
            m.monitor();
            return new Check("redis", "MONITOR", true, "allowed");
        } catch (RedisReplyException e) {
            return new Check("redis", "MONITOR", false, "refused: " + e.reply() + " (the ACL needs +monitor)");
        } catch (IOException e) {
            return new Check("redis", "MONITOR", false, "failed: " + e.getMessage());
        }
    }

    /** Adds PostgreSQL's checks; false when it could not be reached. */
    private static boolean postgresChecks(PostgresUrl pg, List<Check> checks) {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            int version = c.getMetaData().getDatabaseMajorVersion();
            checks.add(new Check("postgres", "server", true, "PostgreSQL " + c.getMetaData().getDatabaseProductVersion()
                    + " at " + pg + (pg.port() == 6432 ? " (port 6432 is pgbouncer's default: behind a pooler,"
                    + " concurrency is capped by the pool)" : "")));
            try (ResultSet r = s.executeQuery("SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
                    + " OR pg_has_role(current_user, 'pg_read_all_stats', 'member')")) {
                r.next();
                checks.add(new Check("postgres", "pg_read_all_stats", r.getBoolean(1), r.getBoolean(1)
                        ? "other users' queries are visible" : "missing: other users' queries show as"
                        + " '<insufficient privilege>' (GRANT pg_read_all_stats TO the user)"));
            }
            if (version >= 14) {
                try (ResultSet r = s.executeQuery("SELECT current_setting('compute_query_id')")) {
                    r.next();
                    boolean off = "off".equals(r.getString(1));
                    checks.add(new Check("postgres", "compute_query_id", !off, r.getString(1)
                            + (off ? ": queries are grouped by normalised text only" : "")));
                }
            } else {
                checks.add(new Check("postgres", "compute_query_id", false, "PostgreSQL " + version
                        + " has no query_id: queries are grouped by normalised text only"));
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
                r.next();
                boolean present = r.getLong(1) > 0;
                checks.add(new Check("postgres", "pg_stat_statements", present ? true : null, present ? "installed"
                        : "not installed in this database (optional)"));
            }
        } catch (SQLException e) {
            checks.add(new Check("postgres", "connection", false, "cannot connect to " + pg + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""))));
            return false;
        }
        return true;
    }

    private void print(Result result) {
        PrintWriter out = spec.commandLine().getOut();
        if (format == CheckFormat.json) {
            new PrettyJson<>(Result.class).write(result, out);
        } else if (format == CheckFormat.openmetrics) {
            dev.stampededoctor.cli.render.CheckOpenMetrics.write(out, String.join(",", result.target().redis()),
                    result.generatedAt(), result.ready(), result.checks().stream()
                            .map(k -> new dev.stampededoctor.cli.render.CheckOpenMetrics.Line(k.server(), k.name(), k.ok(),
                                    k.node()))
                            .toList());
        } else {
            dev.stampededoctor.cli.render.TextStyle style = dev.stampededoctor.cli.GlobalOptions.textStyle(spec);
            String node = null;
            for (Check k : result.checks()) {
                if (k.node() != null && !k.node().equals(node)) {
                    node = k.node();
                    out.println("cluster node " + node + ":");
                } else if (k.node() == null && node != null && !k.server().equals("local")) {
                    node = null;
                    out.println("the whole cluster:");
                }
                dev.stampededoctor.cli.render.CheckText.println(out, style, k.ok(), k.server(), k.name(), k.detail());
            }
            dev.stampededoctor.cli.render.CheckText.verdict(out, style, result.ready(), result.checks().stream()
                    .filter(k -> Boolean.FALSE.equals(k.ok())).map(k -> k.server() + " " + k.name()).toList(),
                    result.checks().stream().filter(k -> k.name().startsWith("source ") && Boolean.TRUE.equals(k.ok()))
                            .map(k -> k.name().substring("source ".length())).toList());
        }
        out.flush();
    }

    private static long number(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
