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
        Timeline timeline) {
}
