package dev.stampededoctor.cli.live;

import dev.stampededoctor.cli.redis.KeyspaceNotifications;
import dev.stampededoctor.cli.redis.LiveSource;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.detectors.report.LiveSummary;
import dev.stampededoctor.detectors.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report's {@code live} part for a finished session: one server's figures as they are; for
 * several nodes, their sums (bytes, INFO counts), the largest output buffer, and each node's own
 * figures and INFO timeline under {@code nodes} (the top-level timeline is then empty: the nodes'
 * seconds do not line up).
 */
public final class ScanSummary {
    private ScanSummary() {
    }

    public static LiveSummary live(RedisUrl target, LiveSession session, long ranMillis, String stoppedBy,
            boolean complete, LiveSource source, List<LiveSummary.InfoDelta> deltas, List<String> notes) {
        List<LiveNode> nodes = session.nodes();
        LiveNode first = nodes.get(0);
        if (!session.several()) {
            return new LiveSummary(target.toString(), first.info().get("role"), first.info().get("redis_version"),
                    ranMillis, stoppedBy, complete, source.bytes(), first.watcher().peakClientOutputBytes(),
                    source.ownLines(), deltas.get(0), List.copyOf(notes), first.watcher().timeline(), null, null, null);
        }
        int culprit = source instanceof MergedLines m ? m.lostNode() : -1;
        List<LiveSummary.NodeSummary> each = new ArrayList<>();
        long peak = 0;
        for (int i = 0; i < nodes.size(); i++) {
            LiveNode n = nodes.get(i);
            String own = i == culprit ? n.source().stopReason() : culprit >= 0 ? "other-node" : stoppedBy;
            peak = Math.max(peak, n.watcher().peakClientOutputBytes());
            each.add(new LiveSummary.NodeSummary(n.node(), n.info().get("role"), n.info().get("redis_version"), own,
                    n.source() == source ? 0 : n.source().bytes(), // one tcpdump for all: only the total is known
                    n.watcher().peakClientOutputBytes(), deltas.get(i), n.watcher().timeline()));
        }
        return new LiveSummary(target.toString(), first.info().get("role"), first.info().get("redis_version"), ranMillis,
                stoppedBy, complete, source.bytes(), peak, source.ownLines(), sum(deltas), List.copyOf(notes), List.of(),
                null, null, List.copyOf(each));
    }

    /** INFO's changes over several nodes, added up; the hit ratio of the sums. */
    static LiveSummary.InfoDelta sum(List<LiveSummary.InfoDelta> deltas) {
        long hits = 0;
        long misses = 0;
        long expired = 0;
        long evicted = 0;
        long commands = 0;
        for (LiveSummary.InfoDelta d : deltas) {
            hits += d.keyspaceHits();
            misses += d.keyspaceMisses();
            expired += d.expiredKeys();
            evicted += d.evictedKeys();
            commands += d.commandsProcessed();
        }
        Double ratio = hits + misses == 0 ? null : Math.round((double) hits / (hits + misses) * 10_000) / 10_000.0;
        return new LiveSummary.InfoDelta(hits, misses, ratio, expired, evicted, commands);
    }

    /** What keyspace notifications showed, over every node that had them (counts added up). */
    public static LiveSummary.Notifications notifications(LiveSession session, Report report) {
        Set<String> keys = new TreeSet<>();
        report.events().stream().filter(e -> e.key() != null).forEach(e -> keys.add(e.key()));
        String previous = null;
        String applied = null;
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Long> keymisses = new TreeMap<>();
        for (LiveNode n : session.nodes()) {
            KeyspaceNotifications k = n.notifications();
            if (k == null) {
                continue;
            }
            if (previous == null) {
                previous = k.previous();
                applied = k.applied();
            }
            k.counts().forEach((name, c) -> counts.merge(name, c, Long::sum));
            k.keymisses(keys).forEach((key, c) -> keymisses.merge(key, c, Long::sum));
        }
        return new LiveSummary.Notifications(previous, applied, counts, keymisses);
    }
}
