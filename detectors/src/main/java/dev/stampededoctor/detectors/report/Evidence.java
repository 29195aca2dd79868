package dev.stampededoctor.detectors.report;

import java.util.List;

/**
 * Why an event was reported, in figures.
 *
 * @param reasons                what the classification and confidence rest on, in words
 * @param distinctConnections    client connections that missed or rebuilt (one connection may carry
 *                               many concurrent requests: Lettuce, node-redis, ioredis)
 * @param distinctHosts          the hosts (client IPs) of those connections
 * @param connections            the first of the connections ({@code ip:port}), earliest miss first
 * @param hosts                  the first of the hosts, in the order of {@code connections}
 * @param missesBeforeRefill     misses between the trigger and the first refill
 * @param timeToFirstRefillMs    trigger (or first miss) to first refill; null when never refilled
 * @param peakConcurrentRebuilds rebuilds in flight at once: misses before the first refill landed,
 *                               at most {@code rebuilds}
 * @param durationMs             trigger to the last fill or miss of the episode
 * @param lockAttempts           missing clients seen trying {@code SET … NX} (a rebuild lock)
 * @param refillTtlSeconds       the TTL the refill set; null when it set none
 * @param timeline               reads (hits), misses and fills per bucket from the trigger
 * @param latencyMs              request-to-reply times of the misses and the rebuild writes (packet
 *                               captures only; null, absent from JSON, otherwise)
 */
public record Evidence(
        List<String> reasons,
        int distinctConnections,
        int distinctHosts,
        List<String> connections,
        List<String> hosts,
        long missesBeforeRefill,
        Double timeToFirstRefillMs,
        int peakConcurrentRebuilds,
        double durationMs,
        int lockAttempts,
        Double refillTtlSeconds,
        Timeline timeline,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        ReplyLatency latencyMs) {

    public Evidence(List<String> reasons, int distinctConnections, int distinctHosts, List<String> connections,
            List<String> hosts, long missesBeforeRefill, Double timeToFirstRefillMs, int peakConcurrentRebuilds,
            double durationMs, int lockAttempts, Double refillTtlSeconds, Timeline timeline) {
        this(reasons, distinctConnections, distinctHosts, connections, hosts, missesBeforeRefill, timeToFirstRefillMs,
                peakConcurrentRebuilds, durationMs, lockAttempts, refillTtlSeconds, timeline, null);
    }

    /** This evidence with other reasons. */
    public Evidence withReasons(List<String> newReasons) {
        return new Evidence(newReasons, distinctConnections, distinctHosts, connections, hosts, missesBeforeRefill,
                timeToFirstRefillMs, peakConcurrentRebuilds, durationMs, lockAttempts, refillTtlSeconds, timeline,
                latencyMs);
    }

    /**
     * How long Redis took to answer, from request to reply as the packets show it (a packet
     * capture only; absent from JSON otherwise).
     *
     * @param missReads     the reads that missed
     * @param rebuildWrites the fills of the episode (the rebuilds' write-backs)
     */
    public record ReplyLatency(Figures missReads, Figures rebuildWrites) {
    }

    /** Mean and worst, in milliseconds to three decimals, of {@code count} replies; null when none. */
    public record Figures(long count, double mean, double max) {
    }
}
