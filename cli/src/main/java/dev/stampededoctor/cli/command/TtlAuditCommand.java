package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.GeneratedAt;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.redis.KeyspaceScanner;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.ServerInfo;
import dev.stampededoctor.cli.render.TtlAuditFormat;
import dev.stampededoctor.cli.terminal.ProgressLine;
import dev.stampededoctor.cli.terminal.Terminals;
import dev.stampededoctor.detectors.report.Target;
import dev.stampededoctor.detectors.ttl.Durations;
import dev.stampededoctor.detectors.ttl.AuditRule;
import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import dev.stampededoctor.detectors.ttl.TtlAuditRules;
import dev.stampededoctor.detectors.ttl.TtlAuditor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ttl-audit}: SCAN a keyspace, group TTLs by key pattern, find expiry clusters. */
@Command(
        addMethodSubcommands = false,
        name = "ttl-audit",
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Find key patterns whose keys expire together: tomorrow's thundering herd.",
        description = {
            "Walks the keyspace with SCAN (never KEYS) and pipelined PTTL, groups the keys by inferred"
                    + " pattern (user:42:profile -> user:*:profile), and reports per pattern the TTL"
                    + " quantiles, an expiry histogram and clusters: windows in which at least"
                    + " --min-cluster-keys keys and --cluster-factor times the pattern's even expiry rate"
                    + " expire together. Each clustered pattern gets the jitter spread that flattens it."
                    + " Read-only; works against a replica. Exit 1 when a pattern is clustered.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor ttl-audit --redis redis://cache.internal:6379",
            "  stampede-doctor ttl-audit --redis rediss://replica:6380/2 \\",
            "      --match 'session:*' --rate 20000",
            "  REDISCLI_AUTH=… stampede-doctor ttl-audit \\",
            "      --redis redis://ops:@cache:6379 -f csv > ttls.csv",
        })
public final class TtlAuditCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis;

    @Mixin
    DeploymentOptions deployment;

    @Option(names = "--match", paramLabel = "GLOB", description = "Only keys matching this glob (SCAN MATCH).")
    String match;

    @Option(names = "--db", paramLabel = "N", description = "The database to audit (default: the URL's, else 0).")
    Integer db;

    @Option(names = "--max-keys", paramLabel = "N", defaultValue = "5000000",
            description = "Stop after this many keys; the report then says it is a sample (default: ${DEFAULT-VALUE}).")
    long maxKeys;

    @Option(names = "--scan-rate", paramLabel = "KEYS_PER_S", defaultValue = "0",
            description = "Read at most this many keys per second (the name jitter uses too). Default: no limit"
                    + " beyond one batch of --count keys in flight at a time, as redis-cli --scan does.")
    long rate;

    /** The scan throttle's name before it was --scan-rate, as in jitter: kept for scripts. */
    @Option(names = "--rate", paramLabel = "KEYS_PER_S", hidden = true)
    void legacyRate(long keysPerSecond) {
        rate = keysPerSecond;
    }

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000",
            description = "Keys per SCAN batch (SCAN's COUNT hint) (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--types", description = "Also read each key's TYPE (one more command per key).")
    boolean types;

    @Option(names = "--memory", description = "Also read each key's MEMORY USAGE (one more, costlier, command per key).")
    boolean memory;

    @Option(names = "--min-cluster-keys", paramLabel = "N", defaultValue = "20",
            description = "Keys a window must hold to be a cluster (default: ${DEFAULT-VALUE}).")
    int minClusterKeys;

    @Option(names = "--cluster-factor", paramLabel = "X", defaultValue = "10",
            description = "… and how many times the pattern's even expiry rate (default: ${DEFAULT-VALUE}).")
    double clusterFactor;

    @Option(names = "--window", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Cluster window width (default: a hundredth of the pattern's median TTL, 1s to 60s).")
    Duration window;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "Report format: ${COMPLETION-CANDIDATES}. Default: by --output's extension, else text"
                    + " when stdout is a terminal, json when it is piped or redirected.")
    TtlAuditFormat format;

    @picocli.CommandLine.Mixin
    ReportOutput output;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Patterns shown in text and markdown, clustered first (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--fail-on", paramLabel = "RULE",
            description = "Exit 1 when the audit passes this threshold, for CI; repeatable: METRIC[GLOB]OP VALUE with"
                    + " METRIC one of cluster-share (%% of a pattern's keys with a TTL in its largest expiry"
                    + " cluster, worst pattern), cluster-keys, clustered-patterns, no-ttl, no-ttl-share (%%), keys;"
                    + " [GLOB] keeps to matching patterns; OP one of > >= < <=. E.g. 'cluster-share>20%%',"
                    + " 'no-ttl[session:*]>1000'. With rules, only they decide exit 1.")
    java.util.List<String> failOn = new java.util.ArrayList<>();

    @Option(names = "--allow-empty", description = "Accept a --match that matches no key (exit 0, not 2).")
    boolean allowEmpty;

    @Option(names = "--no-progress", description = "Never show the progress bar on stderr.")
    boolean noProgress;

    @Mixin
    HelpOptions help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TtlAuditRules rules = rules();
        java.util.List<AuditRule> checks = new java.util.ArrayList<>();
        for (String rule : failOn) {
            try {
                checks.add(AuditRule.parse(rule));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--fail-on " + e.getMessage());
            }
        }
        if (maxKeys < 1 || rate < 0 || count < 1 || top < 0) {
            throw new UsageException("--max-keys and --count must be at least 1; --rate and --top must not be negative");
        }
        RedisUrl target = redis.target();
        if (db != null) {
            if (db < 0) {
                throw new UsageException("--db must not be negative");
            }
            if (redis.db() != null && !redis.db().equals(db)) {
                throw new UsageException("--db " + db + " and -n " + redis.db() + " name different databases: give one");
            }
            target = target.withDb(db);
        }
        output.checkWritable();
        PrintWriter err = spec.commandLine().getErr();
        TtlAuditor auditor = new TtlAuditor(rules, 100_000);
        long startMillis = System.currentTimeMillis();
        dev.stampededoctor.cli.redis.cluster.DeploymentResolver resolver = deployment.resolver(redis);
        dev.stampededoctor.cli.redis.cluster.Deployment nodes = resolver.resolve(target);
        nodes.notes().forEach(n -> err.println("stampede-doctor: note: " + n));
        int members = nodes.members().size();
        // --max-keys bounds the whole audit: each node of a cluster scans its share.
        long perNode = (maxKeys + members - 1) / members;
        dev.stampededoctor.cli.redis.cluster.DeploymentAudit scan = new dev.stampededoctor.cli.redis.cluster.DeploymentAudit(
                resolver, nodes, new KeyspaceScanner.Options(match == null ? null : match.getBytes(StandardCharsets.UTF_8),
                        count, perNode, rate, types, memory));
        java.util.List<TtlAuditReport.NodeAudit> scanned;
        try (ProgressLine progress = progress(scan, err)) {
            scanned = scan.run(auditor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted during the scan", e);
        }
        boolean truncated = scanned.stream().anyMatch(TtlAuditReport.NodeAudit::truncated);
        long now = System.currentTimeMillis();
        String jitter = "stampede-doctor jitter plan --redis " + target.forCommandLine();
        TtlAuditReport audited = auditor.report(now - startMillis, now, truncated, jitter)
                .withTarget(Target.redis(java.util.List.of(target.withoutCredentials()), null), GeneratedAt.now());
        if (nodes.several()) {
            audited = audited.withNodes(scanned);
        }
        TtlAuditReport report = checks.isEmpty() ? audited : audited.withChecks(checks);
        dev.stampededoctor.cli.render.TextStyle style = output.file == null
                ? dev.stampededoctor.cli.GlobalOptions.textStyle(spec) : dev.stampededoctor.cli.render.TextStyle.PLAIN;
        output.write(spec.commandLine().getOut(), out -> format().renderer(top, style).render(report, out));
        if (match != null && report.scanned() == 0 && !allowEmpty) {
            err.println("stampede-doctor: --match '" + match + "' matched no key in db " + target.db()
                    + " (a typo? --allow-empty accepts it)");
            return ExitCode.USAGE;
        }
        if (!checks.isEmpty()) {
            for (dev.stampededoctor.detectors.ttl.AuditCheck c : report.checks()) {
                if (c.failed()) {
                    err.println("stampede-doctor: rule failed: " + c.rule() + " (measured " + c.value()
                            + (c.pattern() == null ? "" : " on " + c.pattern()) + ")");
                }
            }
            return report.failedACheck() ? ExitCode.FOUND : ExitCode.OK;
        }
        return report.clustered() ? ExitCode.FOUND : ExitCode.OK;
    }

    private TtlAuditRules rules() {
        try {
            return new TtlAuditRules(minClusterKeys, clusterFactor, window == null ? 0 : Math.max(1, window.toMillis()),
                    TtlAuditRules.DEFAULT_BUCKETS);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private TtlAuditFormat format() {
        if (format != null) {
            return format;
        }
        String byExtension = output.formatByExtension();
        if (byExtension != null) {
            return TtlAuditFormat.valueOf(byExtension);
        }
        if (output.file != null) {
            return TtlAuditFormat.json; // a file is not a terminal
        }
        return Terminals.stdoutIsTerminal() ? TtlAuditFormat.text : TtlAuditFormat.json;
    }

    /** A bar with keys/s and an ETA from DBSIZE and SCAN's cursor (every node's), when stderr is a terminal. */
    private ProgressLine progress(dev.stampededoctor.cli.redis.cluster.DeploymentAudit scanner, PrintWriter err) {
        if (noProgress || !Terminals.stderrIsTerminal()) {
            return null;
        }
        long start = System.nanoTime();
        boolean unicode = dev.stampededoctor.cli.GlobalOptions.textStyle(spec).unicode();
        return new ProgressLine(err, () -> {
            double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
            long dbsize = scanner.dbsize();
            double fraction = match == null ? Math.min(1, (double) scanner.keys() / Math.max(1, dbsize)) : scanner.fraction();
            double eta = fraction <= 0 ? 0 : seconds * (1 - fraction) / fraction;
            return String.format(Locale.ROOT, "ttl-audit %s %3.0f%%  %,d of ~%,d keys  %,.0f keys/s  ETA %s",
                    ProgressLine.bar(fraction, 20, unicode), 100 * fraction, scanner.keys(), dbsize, scanner.keys() / seconds,
                    Durations.text((long) (eta * 1000)));
        });
    }
}
