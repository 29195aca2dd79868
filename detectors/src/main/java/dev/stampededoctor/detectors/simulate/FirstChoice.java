package dev.stampededoctor.detectors.simulate;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The policy to apply first, and why. The backend's worst moment decides: the fewest concurrent
 * rebuilds, then the fewest rebuilds, then the fewest misses (readers kept waiting), then the
 * least staleness, then the order of {@link Policies}. Only a policy that lowers the rebuilds or
 * their peak against {@code as-is} is chosen; {@code policy} is null when none does.
 *
 * @param policy     the policy's name, or null
 * @param parameters its parameters as reports show them
 * @param reason     the figures that chose it, in words
 */
public record FirstChoice(String policy, String parameters, String reason) {

    /** Best first: the backend's worst moment, then its work, then the readers kept waiting, then staleness. */
    static final Comparator<PolicyResult> BEST_FIRST = (a, b) -> {
        int c = Integer.compare(a.peakConcurrentRebuilds(), b.peakConcurrentRebuilds());
        c = c != 0 ? c : Long.compare(a.rebuilds(), b.rebuilds());
        c = c != 0 ? c : Long.compare(a.misses(), b.misses());
        return c != 0 ? c : Double.compare(a.maxStaleMs(), b.maxStaleMs());
    };

    /** Whether {@code r} does better than {@code asIs}: fewer rebuilds or a lower peak. */
    static boolean improves(PolicyResult r, PolicyResult asIs) {
        return r.rebuilds() < asIs.rebuilds() || r.peakConcurrentRebuilds() < asIs.peakConcurrentRebuilds();
    }

    static FirstChoice of(PolicyResult asIs, List<PolicyResult> results) {
        // Stable: among equals the order of Policies decides.
        PolicyResult best = results.stream()
                .filter(r -> r != asIs)
                .filter(r -> improves(r, asIs))
                .min(BEST_FIRST)
                .orElse(null);
        if (best == null) {
            return new FirstChoice(null, "", String.format(Locale.ROOT,
                    "none lowers the rebuilds (%,d) or their peak (%,d) of this capture.", asIs.rebuilds(),
                    asIs.peakConcurrentRebuilds()));
        }
        String stale = best.maxStaleMs() == 0 ? "nothing served stale"
                : String.format(Locale.ROOT, "values served up to %s ms past their TTL", ms(best.maxStaleMs()));
        return new FirstChoice(best.policy(), best.parameters(), String.format(Locale.ROOT,
                "peak concurrent rebuilds %,d → %,d, rebuilds %,d → %,d, misses %,d → %,d, %s.",
                asIs.peakConcurrentRebuilds(), best.peakConcurrentRebuilds(), asIs.rebuilds(), best.rebuilds(),
                asIs.misses(), best.misses(), stale));
    }

    private static String ms(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }
}
