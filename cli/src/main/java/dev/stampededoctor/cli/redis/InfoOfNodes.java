package dev.stampededoctor.cli.redis;

import dev.stampededoctor.detectors.report.LiveSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The INFO line of a live view over every node read: each node's last sample added up. A Redis
 * Cluster's traffic is spread over its primaries, and the shard under a stampede is seldom the
 * first one named, so one node's figures would show a calm cluster. Operations per second, expired
 * and evicted keys are summed; the hit ratio is that of all the nodes' hits and misses together,
 * not an average of ratios, so an idle node does not weigh as much as a busy one.
 */
public final class InfoOfNodes implements Supplier<LiveSummary.InfoSample> {
    private final List<LiveWatcher> watchers;

    public InfoOfNodes(List<LiveWatcher> watchers) {
        this.watchers = List.copyOf(watchers);
    }

    public int nodes() {
        return watchers.size();
    }

    /**
     * The sum of the nodes' last samples, null before any node has one. A node not sampled yet (or
     * no longer answering) counts with the sample it last had, or not at all.
     */
    @Override
    public LiveSummary.InfoSample get() {
        List<LiveWatcher.Latest> latest = new ArrayList<>();
        for (LiveWatcher w : watchers) {
            LiveWatcher.Latest l = w.latestWithReads();
            if (l != null) {
                latest.add(l);
            }
        }
        return sum(latest);
    }

    /** Samples added up (the latest instant of theirs), null for none. */
    static LiveSummary.InfoSample sum(List<LiveWatcher.Latest> latest) {
        if (latest.isEmpty()) {
            return null;
        }
        double at = 0;
        long ops = 0;
        long hits = 0;
        long misses = 0;
        long expired = 0;
        long evicted = 0;
        for (LiveWatcher.Latest l : latest) {
            at = Math.max(at, l.sample().atSeconds());
            ops += l.sample().opsPerSecond();
            hits += l.hits();
            misses += l.misses();
            expired += l.sample().expiredKeys();
            evicted += l.sample().evictedKeys();
        }
        return new LiveSummary.InfoSample(at, ops, hits + misses == 0 ? null
                : LiveWatcher.round((double) hits / (hits + misses)), expired, evicted);
    }
}
