package dev.stampededoctor.detectors.incident;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Diagnosis;
import dev.stampededoctor.detectors.report.Recommendation;
import dev.stampededoctor.detectors.report.Recurrence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The failure patterns an incident shows, each as a code and a sentence with its figures, and
 * how they change the advice.
 *
 * <ul>
 * <li>{@code per-process-lock}: every host that rebuilt did so once while its other requests
 * waited: each process holds its own lock (an in-memory lock, a cache library's single-flight),
 * so the fleet still rebuilds once per process;
 * <li>{@code cold-start}: the key was never in the capture before the burst;
 * <li>{@code trigger-not-captured}: what removed the key is not in the capture;
 * <li>{@code script-not-shown}: nor is it, but a packet capture shows a script that named the key
 *     run just before the first miss, and not the commands it ran;
 * <li>{@code ttl-sawtooth}: it herds again and again at the keys' own TTL;
 * <li>{@code repeated-invalidation}: it is deleted again and again, not at a TTL;
 * <li>{@code batch-invalidation}: one command or one client's loop removed several hot keys at once.
 * </ul>
 */
final class Diagnoses {
    static final String PER_PROCESS_LOCK = "per-process-lock";
    static final String COLD_START = "cold-start";
    static final String TRIGGER_NOT_CAPTURED = "trigger-not-captured";
    static final String TTL_SAWTOOTH = "ttl-sawtooth";
    static final String REPEATED_INVALIDATION = "repeated-invalidation";
    static final String BATCH_INVALIDATION = "batch-invalidation";
    static final String SCRIPT_NOT_SHOWN = "script-not-shown";

    private Diagnoses() {
    }

    static List<Diagnosis> of(List<Finding> findings, List<Integer> members, int keys, Recurrence recurrence,
            String kind) {
        List<Diagnosis> out = new ArrayList<>();
        perProcessLock(findings, members).ifPresent(out::add);
        boolean cold = members.stream().anyMatch(i -> findings.get(i).facts().coldStart()
                && findings.get(i).event().kind().equals(CacheEvent.UNEXPLAINED_STAMPEDE));
        if (cold) {
            out.add(new Diagnosis(COLD_START, "the key was not cached yet: the capture ran for a while without it, then"
                    + " its first readers all missed at once and each rebuilt it"));
        } else if (kind.equals(CacheEvent.UNEXPLAINED_STAMPEDE) && scriptBefore(findings, members) != null) {
            EventFacts f = scriptBefore(findings, members);
            EventFacts.ScriptCall s = f.scriptCall();
            out.add(new Diagnosis(SCRIPT_NOT_SHOWN, String.format(Locale.ROOT, "a script naming the key (%s%s) ran %.1f ms"
                    + " before the first miss: a packet capture shows a script's call, not the commands it runs; if it"
                    + " deletes or expires the key, it is the trigger (MONITOR shows a script's commands)", s.command(),
                    s.connection() != null ? " from " + s.connection() : "", (f.triggerAt() - s.at()) / 1000.0)));
        } else if (kind.equals(CacheEvent.UNEXPLAINED_STAMPEDE)) {
            out.add(new Diagnosis(TRIGGER_NOT_CAPTURED, "what removed the key is not in the capture (no DEL, no TTL"
                    + " seen running out, no recurrence at a TTL); capture longer, or enable keyspace events"
                    + " (notify-keyspace-events Kgx) to see expiries and deletes"));
        }
        if (recurrence != null && Boolean.TRUE.equals(recurrence.matchesTtl())) {
            out.add(new Diagnosis(TTL_SAWTOOTH, String.format(Locale.ROOT, "it herded %d times, every %.1f s: the keys'"
                    + " own TTL, so each expiry sends the readers to the backend together", recurrence.count(),
                    recurrence.periodSeconds())));
        } else if (recurrence != null && kind.equals(CacheEvent.INVALIDATION_STAMPEDE)) {
            out.add(new Diagnosis(REPEATED_INVALIDATION, String.format(Locale.ROOT, "the keys were deleted and stampeded"
                    + " %d times, about every %.1f s, not at a TTL: a write path invalidates them over and over",
                    recurrence.count(), recurrence.periodSeconds())));
        }
        if (keys > 1 && kind.equals(CacheEvent.INVALIDATION_STAMPEDE)) {
            Finding first = findings.get(members.get(0));
            out.add(new Diagnosis(BATCH_INVALIDATION, String.format(Locale.ROOT, "%s removed %d hot keys at once%s;"
                    + " each stampeded on its own", first.event().trigger().command(), keys,
                    first.event().trigger().connection() != null ? " from " + first.event().trigger().connection() : "")));
        }
        return List.copyOf(out);
    }

    /** The facts of the first unexplained episode with a script call before its first miss, or null. */
    private static EventFacts scriptBefore(List<Finding> findings, List<Integer> members) {
        for (int i : members) {
            EventFacts f = findings.get(i).facts();
            if (f.scriptCall() != null && findings.get(i).event().kind().equals(CacheEvent.UNEXPLAINED_STAMPEDE)) {
                return f;
            }
        }
        return null;
    }

    /**
     * The rebuilds of the incident's alarm episodes came from two or more hosts, no host rebuilt a
     * key more than once in an episode, and some host had more misses than rebuilds: its other
     * requests waited for its own rebuild. Holds for at least half of the episodes.
     */
    private static java.util.Optional<Diagnosis> perProcessLock(List<Finding> findings, List<Integer> members) {
        int episodes = 0;
        int matching = 0;
        int hosts = 0;
        long misses = 0;
        long rebuilds = 0;
        for (int i : members) {
            Finding f = findings.get(i);
            if (f.facts().source() != EventFacts.Source.EPISODE || !f.event().isAlarm()) {
                continue;
            }
            episodes++;
            int rebuilding = 0;
            boolean once = true;
            boolean waited = false;
            for (EventFacts.HostWork h : f.facts().hosts()) {
                if (h.rebuilds() > 0) {
                    rebuilding++;
                }
                once &= h.rebuilds() <= 1;
                waited |= h.misses() > Math.max(1, h.rebuilds());
            }
            if (rebuilding >= 2 && once && waited) {
                matching++;
                hosts = Math.max(hosts, rebuilding);
                misses += f.event().misses();
                rebuilds += f.event().rebuilds();
            }
        }
        if (matching == 0 || 2 * matching < episodes) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Diagnosis(PER_PROCESS_LOCK, String.format(Locale.ROOT, "each of %d hosts rebuilt"
                + " once while its other requests waited (%d misses, %d rebuilds): every process holds its own lock, so"
                + " the fleet still rebuilds once per process", hosts, misses, rebuilds)));
    }

    /** The advice for an incident: its worst event's, led by what a diagnosis calls for. */
    static List<Recommendation> advise(List<Diagnosis> diagnoses, List<Recommendation> eventAdvice, CacheEvent worst) {
        List<Recommendation> out = new ArrayList<>();
        if (diagnoses.stream().anyMatch(d -> d.code().equals(PER_PROCESS_LOCK))) {
            String key = worst.key() != null ? worst.key() : worst.keyPattern();
            out.add(new Recommendation(0, "rebuild-lock",
                    String.format(Locale.ROOT, "Move the lock into Redis: SET lock:%s <token> NX PX <2 × rebuild time> before"
                            + " rebuilding, so the whole fleet waits for one rebuild instead of each process for its own.",
                            key),
                    "an in-process lock (or a cache library's per-process single-flight) coalesces one process's"
                            + " requests only; the other processes rebuild all the same.",
                    "if redis.set('lock:' + key, token, nx=True, px=2 * rebuild_ms):\n"
                            + "    value = rebuild(); redis.set(key, value, ex=ttl)\n"
                            + "else:\n    value = wait_for(key)   # poll the key, not the lock"));
        }
        for (Recommendation r : eventAdvice) {
            if (out.stream().noneMatch(o -> o.action().equals(r.action()))) {
                out.add(r);
            }
        }
        List<Recommendation> ranked = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            Recommendation r = out.get(i);
            ranked.add(new Recommendation(i + 1, r.action(), r.advice(), r.reason(), r.sketch()));
        }
        return List.copyOf(ranked);
    }
}
