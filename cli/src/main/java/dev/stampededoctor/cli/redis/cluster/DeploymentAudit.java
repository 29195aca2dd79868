package dev.stampededoctor.cli.redis.cluster;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.redis.KeyspaceScanner;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import dev.stampededoctor.detectors.ttl.TtlAuditor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * ttl-audit's scan of every member of a deployment at once, each with its own connection, SCAN
 * cursor and {@code --scan-rate} (a per-node bound: each node carries only its own scan), into one
 * {@link TtlAuditor} that counts each key for its node. The first node lost ends the audit with
 * an error that names it.
 */
public final class DeploymentAudit {
    /** Nodes scanned at once at most: a hundred-shard cluster does not get a hundred threads. */
    static final int MAX_PARALLEL = 16;

    private final DeploymentResolver resolver;
    private final Deployment deployment;
    private final KeyspaceScanner.Options options;
    private final List<KeyspaceScanner> scanners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong dbsize = new java.util.concurrent.atomic.AtomicLong();

    public DeploymentAudit(DeploymentResolver resolver, Deployment deployment, KeyspaceScanner.Options options) {
        this.resolver = resolver;
        this.deployment = deployment;
        this.options = options;
    }

    /** Scans every member into {@code auditor}; returns what each gave, in member order. */
    public List<TtlAuditReport.NodeAudit> run(TtlAuditor auditor) throws InterruptedException {
        List<Deployment.Member> members = deployment.members();
        auditor.nodes(deployment.names());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL, members.size()), r -> {
            Thread t = new Thread(r, "ttl-audit-node");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TtlAuditReport.NodeAudit>> futures = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                int node = i;
                futures.add(pool.submit(() -> scan(node, members.get(node), auditor)));
            }
            List<TtlAuditReport.NodeAudit> out = new ArrayList<>();
            for (Future<TtlAuditReport.NodeAudit> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private TtlAuditReport.NodeAudit scan(int node, Deployment.Member member, TtlAuditor auditor) {
        long start = System.currentTimeMillis();
        try (RedisConnection c = resolver.connect(member)) {
            dbsize.addAndGet((Long) c.call("DBSIZE"));
            KeyspaceScanner scanner = new KeyspaceScanner(c, options);
            scanners.add(scanner);
            boolean several = deployment.members().size() > 1;
            KeyspaceScanner.Result result = scanner.scan((key, pttl, type, bytes, readAt) -> {
                synchronized (auditor) {
                    auditor.add(several ? node : -1, key, 0, key.length, pttl, readAt, type, bytes);
                }
            });
            return new TtlAuditReport.NodeAudit(member.name(), member.role(), result.keys(), result.truncated(),
                    System.currentTimeMillis() - start);
        } catch (IOException e) {
            throw new ConnectionException("lost Redis at " + (member.node() == null ? member.url().toString()
                    : "cluster node " + member.node()) + " during the scan: " + e.getMessage(), e);
        }
    }

    /** Keys read so far on every node (any thread). */
    public long keys() {
        return scanners.stream().mapToLong(KeyspaceScanner::keys).sum();
    }

    /** Keys the nodes held when their scans began (any thread). */
    public long dbsize() {
        return dbsize.get();
    }

    /** How far through, 0 to 1: the mean of the nodes' cursors (any thread). */
    public double fraction() {
        int n = deployment.members().size();
        return scanners.stream().mapToDouble(KeyspaceScanner::fraction).sum() / Math.max(1, n);
    }
}
