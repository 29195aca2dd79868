package dev.stampededoctor.detectors.report;

import java.util.List;

/**
 * What {@code scan} saw of Redis besides the MONITOR stream.
 *
 * @param redis        the server, redacted ({@code redis://user:***@host:port})
 * @param role         {@code master} or {@code slave} (INFO's words)
 * @param version      {@code redis_version}
 * @param durationMs   how long MONITOR was read
 * @param stoppedBy    {@code duration}, {@code interrupt}, {@code client-buffer} (the guard) or
 *                     {@code connection-lost}
 * @param complete     false when the scan stopped before its duration: the report is partial
 * @param monitorBytes bytes of MONITOR stream read
 * @param peakClientOutputBytes the largest output buffer ({@code omem}) Redis held for our MONITOR
 *                     connection, sampled every second
 * @param ownCommandsIgnored MONITOR lines of the scan's own connections (its INFO and CLIENT LIST
 *                     polling, the notifications' CONFIG and SUBSCRIBE), left out of the capture
 * @param notes        plain-language limits of what was seen (a replica's expiries, …)
 * @param timeline     INFO once a second
 * @param notifications keyspace notifications seen, with {@code scan --notifications}
 * @param lookAhead    the most read keys and their remaining TTL at the end of the scan
 * @param nodes        per node, when the scan read several (a cluster's); absent for one server. The
 *                     figures above are then their sums (bytes, INFO counts) or largest (buffer)
 */
public record LiveSummary(String redis, String role, String version, long durationMs, String stoppedBy,
        boolean complete, long monitorBytes, long peakClientOutputBytes, long ownCommandsIgnored, InfoDelta info, List<String> notes,
        List<InfoSample> timeline,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Notifications notifications,
        List<LookAhead> lookAhead,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        List<NodeSummary> nodes) {

    /**
     * A hot key and when it expires: {@code ttlMs} is PTTL at the end of the scan (-1 no TTL, -2
     * gone). {@code warning} is set when it expires within 10 minutes and is read at least 10
     * times a second: a herd waiting to happen.
     */
    public record LookAhead(int db, String key, long reads, double readsPerSecond, long ttlMs, String warning) {
    }

    /** This summary with the notifications and look-ahead filled in. */
    public LiveSummary with(Notifications n, List<LookAhead> ahead) {
        return new LiveSummary(redis, role, version, durationMs, stoppedBy, complete, monitorBytes, peakClientOutputBytes,
                ownCommandsIgnored, info, notes, timeline, n, ahead, nodes);
    }

    /**
     * One node of a scan of several.
     *
     * @param node      {@code host:port} as the cluster announces it
     * @param stoppedBy as above, for this node: {@code duration} unless it ended the scan (lost, guarded)
     */
    public record NodeSummary(String node, String role, String version, String stoppedBy, long monitorBytes,
            long peakClientOutputBytes, InfoDelta info, List<InfoSample> timeline) {
    }

    /**
     * What keyspace notifications showed: the setting before and during the scan, events by name
     * ({@code del}, {@code expired}, {@code evicted}, {@code keymiss}…), and for each event's key
     * how many misses Redis itself reported (keymiss), to set beside the events' {@code misses}.
     */
    public record Notifications(String previousSetting, String scanSetting, java.util.Map<String, Long> events,
            java.util.Map<String, Long> keymissByEventKey) {
    }

    /**
     * INFO counters over the scan: the change from start to end.
     *
     * @param hitRatio hits / (hits + misses) over the scan, null without reads
     */
    public record InfoDelta(long keyspaceHits, long keyspaceMisses, Double hitRatio, long expiredKeys, long evictedKeys,
            long commandsProcessed) {
    }

    /** One INFO sample: seconds since the start, ops/s and the hit ratio of the last second (null without reads). */
    public record InfoSample(double atSeconds, long opsPerSecond, Double hitRatio, long expiredKeys, long evictedKeys) {
    }
}
