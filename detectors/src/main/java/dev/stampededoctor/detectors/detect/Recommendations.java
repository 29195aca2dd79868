package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Recommendation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ranked fixes for an event, with the event's own numbers. The ranking follows the cause: an
 * explicit delete is best replaced by an overwrite (write-through), one hot key's expiry by an
 * early refresh (XFetch), many keys expiring together by TTL jitter; a rebuild lock is the
 * general fallback.
 */
final class Recommendations {
    private static final long DEFAULT_REBUILD_MICROS = 50_000;

    private Recommendations() {
    }

    static List<Recommendation> forEpisode(String kind, Episode e, String key, String pattern) {
        long rebuild = rebuildMicros(e);
        long rebuildMs = Math.max(1, rebuild / 1000);
        String window = e.refilled() ? String.format(Locale.ROOT, "%.0f ms", (e.firstFillAt - e.timelineStart()) / 1000.0) : "the whole capture";
        List<Recommendation> out = new ArrayList<>();
        if (kind.equals(CacheEvent.INVALIDATION_STAMPEDE)) {
            boolean flush = e.triggerCommand != null && e.triggerCommand.name().startsWith("FLUSH");
            Recommendation writeThrough = new Recommendation(0, "write-through",
                    String.format(Locale.ROOT, "Overwrite %s in place when its source changes (SET with the new value and a"
                            + " safety TTL) instead of %s.", key, e.triggerCommand == null ? "deleting it" : e.triggerCommand),
                    String.format(Locale.ROOT, "the key stayed empty for %s after the invalidation: %d reads missed and it was rebuilt"
                            + " %d times; an overwrite leaves no window to miss in.", window, e.misses, e.rebuilds),
                    "db.update(row)\nredis.set(key, serialize(row), ex=ttl)   # not redis.delete(key)");
            Recommendation lock = lock(key, rebuildMs, e.rebuilds,
                    "works wherever the key disappears, including paths you cannot change");
            if (flush) {
                out.add(lock);
                out.add(new Recommendation(0, "write-through",
                        "Do not flush a serving cache: version the keys (a prefix per deploy) or remove them in"
                                + " batches with SCAN and UNLINK, refilling as you go.",
                        "a flush empties every hot key at once; each then stampedes like this one.",
                        "for key in redis.scan_iter(match=pattern, count=500):\n    redis.set(key, load(key), ex=ttl)"));
            } else {
                out.add(writeThrough);
                out.add(lock);
            }
            out.add(new Recommendation(0, "event-driven-refresh",
                    String.format(Locale.ROOT, "Refresh %s from the change event (CDC or an outbox) rather than on the next read.", pattern),
                    "takes rebuilds off the read path entirely, but needs an event pipeline: more work than the above.",
                    "on_change(row):\n    redis.set(key_for(row), serialize(row), ex=ttl)"));
        } else {
            long ttl = e.expiredTtlMicros > 0 ? e.expiredTtlMicros : e.refillTtlMicros;
            out.add(new Recommendation(0, "xfetch",
                    String.format(Locale.ROOT, "Refresh %s early and probabilistically (XFetch): a reader recomputes when"
                            + " now - %d ms * beta * ln(random()) >= expiry, with beta = 1.", key, rebuildMs),
                    String.format(Locale.ROOT, "one hot key expired and %d reads missed within %s; with an early refresh one reader"
                            + " rebuilds before expiry, so there is no miss window. Jitter would only move the herd.",
                            e.misses, window),
                    "value, delta, expiry = cache.get(key)\n"
                            + "if value is None or now() - delta * beta * log(random()) >= expiry:\n"
                            + "    start = now(); value = rebuild(); delta = now() - start\n"
                            + "    cache.set(key, (value, delta, now() + ttl), ex=ttl)"));
            out.add(lock(key, rebuildMs, e.rebuilds, "also covers misses that early refresh cannot prevent (cold start, eviction)"));
            out.add(jitter(pattern, ttl, "spreads the expiries of many keys of the pattern; for one hot key it only moves the herd"));
        }
        for (int i = 0; i < out.size(); i++) {
            Recommendation r = out.get(i);
            out.set(i, new Recommendation(i + 1, r.action(), r.advice(), r.reason(), r.sketch()));
        }
        return out;
    }

    /**
     * A stampede whose cause the capture does not show: advice that holds whatever removed the key
     * (a lock first), and warm-up when it looks like a cold start.
     */
    static List<Recommendation> forUnexplained(Episode e, String key, String pattern, boolean coldStart) {
        long rebuildMs = Math.max(1, rebuildMicros(e) / 1000);
        List<Recommendation> out = new ArrayList<>();
        out.add(lock(key, rebuildMs, e.rebuilds, "holds whatever removed the key: a TTL, a delete, an eviction or a"
                + " key never cached"));
        if (coldStart) {
            out.add(new Recommendation(0, "warm-up",
                    String.format(Locale.ROOT, "Warm %s before traffic reaches it: fill the keys of %s on deploy or node start"
                            + " (or route a little traffic first), so that the first readers hit.", key, pattern),
                    String.format(Locale.ROOT, "the key was not in the cache when %d clients asked for it at once; a warm cache"
                            + " has no first miss to stampede on.", e.connections.size()),
                    "for key in keys_to_warm():\n    redis.set(key, load(key), ex=ttl, nx=True)"));
        }
        out.add(new Recommendation(0, "stale-while-revalidate",
                String.format(Locale.ROOT, "Keep serving %s past a soft TTL while one refresh runs, with a hard TTL longer than"
                        + " the soft one, if it expires.", pattern),
                "removes the miss window of an expiry; it cannot help a key that was deleted or never cached.",
                "value, soft_expiry = cache.get(key)\nif now() > soft_expiry and lock(key):\n    refresh_async(key)\nreturn value"));
        for (int i = 0; i < out.size(); i++) {
            Recommendation r = out.get(i);
            out.set(i, new Recommendation(i + 1, r.action(), r.advice(), r.reason(), r.sketch()));
        }
        return out;
    }

    static List<Recommendation> forCluster(CoordinatedExpiry.Cluster c, String pattern) {
        long ttl = c.ttlMicros();
        long spread = spreadMicros(ttl);
        double before = c.keys() / Math.max(0.001, c.windowMicros() / 1e6);
        double after = c.keys() / Math.max(0.001, 2 * spread / 1e6);
        List<Recommendation> out = new ArrayList<>();
        out.add(new Recommendation(1, "ttl-jitter",
                String.format(Locale.ROOT, "Add random jitter of ±%s to the TTL of %s%s when writing it.", EventReporter.seconds(spread),
                        pattern, ttl > 0 ? " (now " + EventReporter.seconds(ttl) + ")" : ""),
                String.format(Locale.ROOT, "%d keys expired within %s: about %.0f expiries/s; spread over ±%s they would come at"
                        + " about %.0f/s.", c.keys(), EventReporter.seconds(c.windowMicros()), before,
                        EventReporter.seconds(spread), after),
                "ttl = base_ttl + random.uniform(-spread, spread)\nredis.set(key, value, ex=round(ttl))"));
        out.add(new Recommendation(2, "stale-while-revalidate",
                String.format(Locale.ROOT, "Serve %s stale past a soft TTL while one background refresh runs; keep the hard TTL"
                        + " longer.", pattern),
                "removes the miss window for hot keys even when many expire at once.",
                "value, soft_expiry = cache.get(key)\nif now() > soft_expiry and lock(key):\n    refresh_async(key)\nreturn value"));
        out.add(new Recommendation(3, "rebuild-lock",
                String.format(Locale.ROOT, "Let one client per key rebuild (SET lock:<key> <token> NX PX <rebuild time × 2>)."),
                "caps rebuilds per key at one, but many keys still rebuild together.",
                "if redis.set('lock:' + key, token, nx=True, px=2 * rebuild_ms):\n    value = rebuild(); redis.set(key, value, ex=ttl)"));
        return out;
    }

    private static Recommendation lock(String key, long rebuildMs, int rebuilds, String reason) {
        return new Recommendation(0, "rebuild-lock",
                String.format(Locale.ROOT, "Let one client rebuild %s: SET lock:%s <token> NX PX %d; the others serve a stale"
                        + " copy or retry after ~%d ms.", key, key, 2 * rebuildMs, rebuildMs),
                String.format(Locale.ROOT, "cuts %d rebuilds to 1; %s.", rebuilds, reason),
                "if redis.set('lock:' + key, token, nx=True, px=" + 2 * rebuildMs + "):\n"
                        + "    value = rebuild(); redis.set(key, value, ex=ttl); redis.delete('lock:' + key)\n"
                        + "else:\n    value = stale_copy(key) or retry_after(" + rebuildMs + ")");
    }

    /** A refresh herd on a soft expiry: one refresher, the others serve the value they have. */
    static List<Recommendation> forRefreshHerd(String key, RefreshHerds.Burst b) {
        long rebuildMs = Math.max(1, b.refreshMicros / 1000);
        List<Recommendation> out = new ArrayList<>();
        out.add(new Recommendation(1, "rebuild-lock",
                String.format(Locale.ROOT, "Let one reader refresh %s when its soft TTL passes: take SET refresh:%s 1 NX PX %d"
                        + " (or set a refresh flag in the value); the others keep serving the value they read.",
                        key, key, 2 * rebuildMs),
                String.format(Locale.ROOT, "%d readers refreshed the same present value for one change; one refresh is enough and"
                        + " nobody waits, since the stale value is still there.", b.refreshes),
                "value, soft_expiry = cache.get(key)\n"
                        + "if now() >= soft_expiry and redis.set('refresh:' + key, 1, nx=True, px=" + 2 * rebuildMs + "):\n"
                        + "    value = rebuild(); cache.set(key, value, soft_expiry=now() + ttl)\n"
                        + "return value"));
        out.add(new Recommendation(2, "xfetch",
                String.format(Locale.ROOT, "Or refresh %s early and probabilistically (XFetch, beta = 1): readers cross the refresh"
                        + " point one at a time instead of together.", key),
                "spreads the refreshes without coordination; rarely two refresh at once.",
                "if now() - delta * beta * log(random()) >= soft_expiry:\n    value = rebuild()"));
        return out;
    }

    private static Recommendation jitter(String pattern, long ttl, String reason) {
        long spread = spreadMicros(ttl);
        return new Recommendation(0, "ttl-jitter",
                String.format(Locale.ROOT, "Add random jitter of ±%s to the TTL of %s.", EventReporter.seconds(spread), pattern),
                reason + ".",
                "ttl = base_ttl + random.uniform(-spread, spread)\nredis.set(key, value, ex=round(ttl))");
    }

    /** ±10 % of the TTL, at least one second; 10 s when the TTL is unknown. */
    private static long spreadMicros(long ttl) {
        return ttl > 0 ? Math.max(1_000_000, ttl / 10) : 10_000_000;
    }

    /** Miss to refill of the first rebuild: the rebuild time as the capture shows it. */
    private static long rebuildMicros(Episode e) {
        if (e.refilled() && e.firstMissAt >= 0 && e.firstFillAt > e.firstMissAt) {
            return e.firstFillAt - e.firstMissAt;
        }
        return DEFAULT_REBUILD_MICROS;
    }
}
