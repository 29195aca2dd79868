package dev.stampededoctor.detectors.simulate;

import dev.stampededoctor.detectors.incident.Glob;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.Recommendation;
import dev.stampededoctor.detectors.report.ReplayFigures;
import dev.stampededoctor.detectors.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * One source of advice: an incident's fixes ranked by replaying the capture's traffic on the
 * incident's keys under each policy, with the same engine and the same order as
 * {@code simulate}'s "apply first" (the backend's worst moment, then its work, then the
 * readers kept waiting, then staleness). Fixes that no policy models (an event pipeline, a
 * warm-up) keep their place after the replayed ones that help; a policy that helps but was not
 * among the incident's fixes is added.
 */
public final class IncidentAdvice {
    /** The worst incidents replayed; the rest keep the advice of their cause. */
    static final int MAX_REPLAYED = 10;
    /** simulate's policy name for each recommendation action. */
    private static final Map<String, String> POLICY_OF = Map.of(
            "ttl-jitter", "jitter",
            "write-through", "write-through",
            "rebuild-lock", "lock",
            "xfetch", "xfetch",
            "stale-while-revalidate", "stale-while-revalidate");

    private IncidentAdvice() {
    }

    /** The report with the alarm incidents' fixes ranked by a replay over {@code simulator}'s capture. */
    public static Report rank(Report report, CaptureSimulator simulator) {
        List<Incident> replayed = replayed(report);
        return report.withIncidentAdvice(i -> replayed.contains(i) ? rank(i, simulator) : i);
    }

    /** The incidents a replay ranks: the worst {@link #MAX_REPLAYED} alarms. */
    static List<Incident> replayed(Report report) {
        return report.incidents().stream().filter(Incident::alarm).limit(MAX_REPLAYED).toList();
    }

    /**
     * The keys a replay of {@code report} needs: those of its replayed incidents. Give it to
     * {@link CaptureSimulator#forKeys} so that the trace holds nothing else.
     */
    public static BiPredicate<Integer, String> keysToReplay(Report report) {
        List<BiPredicate<Integer, String>> each = replayed(report).stream().map(IncidentAdvice::keysOf).toList();
        return (db, key) -> each.stream().anyMatch(p -> p.test(db, key));
    }

    /** Whether any incident of {@code report} is worth a replay. */
    public static boolean anyToReplay(Report report) {
        return !replayed(report).isEmpty();
    }

    static Incident rank(Incident incident, CaptureSimulator simulator) {
        List<PolicyResult> results = simulator.replayKeys(Policies.all(), keysOf(incident));
        PolicyResult asIs = results.get(0);
        List<PolicyResult> helping = results.subList(1, results.size()).stream()
                .filter(r -> FirstChoice.improves(r, asIs)).sorted(FirstChoice.BEST_FIRST).toList();
        List<Recommendation> ranked = new ArrayList<>();
        for (PolicyResult r : helping) {
            Recommendation existing = incident.recommendations().stream()
                    .filter(x -> r.policy().equals(POLICY_OF.get(x.action()))).findFirst().orElse(null);
            ranked.add((existing != null ? existing : generic(r.policy(), incident)).ranked(0, figures(r)));
        }
        for (Recommendation x : incident.recommendations()) {
            String policy = POLICY_OF.get(x.action());
            if (policy == null) {
                ranked.add(x.ranked(0, null)); // not modelled: keeps its place after what helps
            } else if (helping.stream().noneMatch(r -> r.policy().equals(policy))) {
                PolicyResult none = results.stream().filter(r -> r.policy().equals(policy)).findFirst().orElse(null);
                ranked.add(new Recommendation(0, x.action(), x.advice(), x.reason()
                        + " Replayed on this incident's traffic it does not lower the rebuilds or their peak.",
                        x.sketch(), none == null ? null : figures(none)));
            }
        }
        List<Recommendation> out = new ArrayList<>();
        for (int k = 0; k < ranked.size(); k++) {
            Recommendation r = ranked.get(k);
            out.add(r.ranked(k + 1, r.replay()));
        }
        return incident.withReplayedAdvice(out, figures(asIs));
    }

    /** The incident's keys: those it names, and every key of its patterns when it names only some. */
    private static BiPredicate<Integer, String> keysOf(Incident incident) {
        Set<String> keys = Set.copyOf(incident.keys());
        boolean byPattern = incident.keyCount() > incident.keys().size();
        List<String> patterns = incident.keyPatterns();
        return (db, key) -> keys.contains(key) || byPattern && patterns.stream().anyMatch(p -> Glob.matches(p, key));
    }

    private static ReplayFigures figures(PolicyResult r) {
        return new ReplayFigures(r.policy(), r.rebuilds(), r.peakConcurrentRebuilds(), r.misses(), r.maxStaleMs());
    }

    /** A fix the replay found helpful that the incident's cause did not name. */
    private static Recommendation generic(String policy, Incident incident) {
        String what = incident.keys().size() == 1 && incident.keyCount() == 1 ? incident.keys().get(0)
                : String.join(", ", incident.keyPatterns());
        return switch (policy) {
            case "stale-while-revalidate" -> new Recommendation(0, "stale-while-revalidate",
                    String.format(Locale.ROOT, "Serve %s stale past a soft TTL while one background refresh runs; keep the hard TTL"
                            + " longer (2×).", what),
                    "readers keep getting the old value during the rebuild, so the expiry sends nobody to the backend.",
                    "value, soft_expiry = cache.get(key)\nif now() > soft_expiry and lock(key):\n    refresh_async(key)\nreturn value");
            case "xfetch" -> new Recommendation(0, "xfetch",
                    String.format(Locale.ROOT, "Refresh %s early and probabilistically (XFetch, beta = 1).", what),
                    "one reader recomputes shortly before the expiry, so there is no miss window.",
                    "if now() - delta * beta * log(random()) >= expiry:\n    value = rebuild()");
            case "jitter" -> new Recommendation(0, "ttl-jitter",
                    String.format(Locale.ROOT, "Add random jitter (±10 %%) to the TTL of %s.", what),
                    "spreads expiries that come together.",
                    "ttl = base_ttl * random.uniform(0.9, 1.1)");
            case "write-through" -> new Recommendation(0, "write-through",
                    String.format(Locale.ROOT, "Overwrite %s when its source changes instead of deleting it.", what),
                    "an overwrite leaves no window to miss in.",
                    "redis.set(key, serialize(row), ex=ttl)   # not redis.delete(key)");
            default -> new Recommendation(0, "rebuild-lock",
                    String.format(Locale.ROOT, "Let one client rebuild %s: SET lock:<key> <token> NX PX <2 × rebuild time>; the"
                            + " others wait for the refill.", what),
                    "one rebuild per key instead of one per reader.",
                    "if redis.set('lock:' + key, token, nx=True, px=2 * rebuild_ms):\n    value = rebuild()");
        };
    }
}
