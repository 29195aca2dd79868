package dev.stampededoctor.cli.watch;

import dev.stampededoctor.detectors.live.LiveSnapshot;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.LiveSummary;
import java.util.List;

/**
 * Everything one redraw of the watch screen shows, worked out from the analysis' last two
 * snapshots, the last INFO and PostgreSQL samples: rates are per second over the time between
 * the snapshots. Immutable, so a paused screen keeps drawing the frame it froze on.
 *
 * @param leftMillis     time left of --duration
 * @param info           the last INFO sample, null before the first
 * @param commandsPerSecond MONITOR commands per second between the snapshots
 * @param db             the PostgreSQL pane, null without --postgres
 */
public record WatchFrame(Header header, long leftMillis, LiveSummary.InfoSample info, double commandsPerSecond,
        long commands, long misses, List<LiveSnapshot.Stampede> inProgress, long captureMicros,
        List<Incident> incidents, List<CacheEvent> events, List<KeyRow> hotKeys, List<PatternRow> patterns,
        DbPane db) {

    /** What does not change during a watch; {@code nodes}: how many servers are read (and their INFO added up). */
    public record Header(String target, String role, String version, String source, boolean notifications, int nodes) {
    }

    /** A hot key: reads and misses per second, hit % over the interval (null without reads), TTL left (-1 unknown). */
    public record KeyRow(String key, double readsPerSecond, double missesPerSecond, Double hitPercent,
            long ttlLeftMillis) {
    }

    /** A key pattern: reads, misses and fills per second, hit % over the interval. */
    public record PatternRow(String pattern, double readsPerSecond, double missesPerSecond, Double hitPercent,
            double fillsPerSecond) {
    }

    /**
     * The PostgreSQL pane: identical active queries at the busiest sample since the last redraw,
     * largest group first, and that busiest count at each past redraw (oldest first) for the
     * concurrency chart.
     */
    public record DbPane(String target, List<QueryGroup> groups, int[] activeHistory, String failure) {
    }

    /** Backends running one query at once. */
    public record QueryGroup(int running, String query) {
    }

    /** A frame before the first snapshot. */
    public static WatchFrame empty(Header header, long leftMillis) {
        return new WatchFrame(header, leftMillis, null, 0, 0, 0, List.of(), 0, List.of(), List.of(), List.of(),
                List.of(), null);
    }
}
