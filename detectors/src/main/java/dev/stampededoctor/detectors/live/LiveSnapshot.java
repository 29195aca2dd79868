package dev.stampededoctor.detectors.live;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Incident;
import java.util.List;

/**
 * What the analysis of a capture still being read shows at one instant: the view a live screen
 * draws. Counts are totals since the capture began; a screen takes two snapshots apart to show
 * rates. Built by {@code CaptureAnalyzer#snapshot} without disturbing the analysis: the final
 * report of the same capture is the one it would have been without snapshots.
 *
 * @param atMicros   the capture's last timestamp (epoch µs), 0 before the first command
 * @param commands   commands parsed so far
 * @param reads      key reads so far (an MGET of three keys is three)
 * @param misses     reads that missed so far, as they happened
 * @param inProgress stampedes whose episode is still open, most misses first
 * @param incidents  incidents of the episodes closed so far, ranked as in the report
 * @param events     the events those incidents index into
 * @param hotKeys    the most read keys
 * @param patterns   the busiest key patterns
 */
public record LiveSnapshot(long atMicros, long commands, long reads, long misses, List<Stampede> inProgress,
        List<Incident> incidents, List<CacheEvent> events, List<KeyCount> hotKeys, List<PatternCount> patterns) {

    /**
     * An open episode: a key that went (or was found missing) and is being read and rebuilt.
     *
     * @param trigger      {@code DEL}, {@code UNLINK}, … for an explicit invalidation, {@code ttl}, or {@code unknown}
     * @param triggerLine  the capture's line of an explicit trigger when kept, else null
     * @param startedMicros when the key went (or was first seen missing), epoch µs
     * @param refilled     whether a rebuild has landed
     */
    public record Stampede(int db, String key, String keyPattern, String trigger, String triggerLine,
            long startedMicros, int misses, int rebuilds, int connections, boolean refilled) {
    }

    /**
     * A key and its reads and misses so far.
     *
     * @param ttlLeftMicros the time to its expiry at {@link #atMicros} when the capture showed the TTL set; -1 none known
     */
    public record KeyCount(int db, String key, long reads, long misses, long ttlLeftMicros) {
    }

    /** A key pattern and its reads, misses and fills (writes of its keys) so far. */
    public record PatternCount(int db, String pattern, long reads, long misses, long fills) {
    }
}
