package dev.stampededoctor.detectors.report;

import java.util.List;

/**
 * A key used as a lock, not as a cache entry: only ever written with {@code SET … NX} (or SETNX),
 * released by the connection that took it, polled by the others. Never a cache episode.
 *
 * @param key              the lock key as text
 * @param db               its database
 * @param guards           the cache keys or patterns it guards, told from its name and the
 *                         patterns seen ({@code cache~lock} guards {@code cache::*}); empty when unknown
 * @param acquisitions     {@code SET … NX} that took it (the key was absent)
 * @param refusedAttempts  {@code SET … NX} while it was held: a waiter retrying
 * @param releases         deletes by the holder (DEL, UNLINK, a script's compare-and-delete)
 * @param polls            reads of it (EXISTS, GET) from its first NX write on
 * @param pollsPerSecond   polls over the time the lock was in use
 * @param connections      distinct connections that took, tried or polled it
 * @param waiters          of those, connections that polled it or were refused it
 * @param medianHoldMs     median time from acquisition to release; null without a release
 * @param maxHoldMs        longest hold seen; null without a release
 * @param ttlSeconds       the expiry its acquisitions set; null when they set none
 * @param risks            what could go wrong, in words (no expiry; one lock for a whole cache)
 */
public record LockUsage(
        String key,
        int db,
        List<String> guards,
        long acquisitions,
        long refusedAttempts,
        long releases,
        long polls,
        double pollsPerSecond,
        int connections,
        int waiters,
        Double medianHoldMs,
        Double maxHoldMs,
        Double ttlSeconds,
        List<String> risks) {
}
