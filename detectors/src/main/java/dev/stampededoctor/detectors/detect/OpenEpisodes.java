package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.keys.KeyText;
import dev.stampededoctor.detectors.live.LiveSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The stampedes still going on, for a live view: the detector's open episodes with at least two
 * misses (a single miss and its rebuild is a cache warming, not a stampede), lock keys left out.
 */
public final class OpenEpisodes {
    private static final int MIN_MISSES = 2;

    private OpenEpisodes() {
    }

    /** Read on the detector's thread or with it idle (see {@code KeyOpPipe#drain}). */
    public static List<LiveSnapshot.Stampede> of(StampedeDetector detector, int limit, IntFunction<String> patternNames) {
        List<Episode> going = new ArrayList<>();
        for (Episode e : detector.openEpisodes()) {
            if (Math.max(e.misses, e.rebuilds) >= MIN_MISSES && !detector.isLock(e.keyId)) {
                going.add(e);
            }
        }
        going.sort((a, b) -> {
            int c = Integer.compare(Math.max(b.misses, b.rebuilds), Math.max(a.misses, a.rebuilds));
            return c != 0 ? c : Long.compare(a.triggerAt, b.triggerAt);
        });
        List<LiveSnapshot.Stampede> out = new ArrayList<>();
        for (Episode e : going.subList(0, Math.min(limit, going.size()))) {
            String trigger = switch (e.triggerKind) {
                case INVALIDATION -> e.triggerCommand == null ? "invalidation" : e.triggerCommand.name();
                case TTL -> "ttl";
                case UNKNOWN -> "unknown";
            };
            String line = e.triggerText == null ? null : KeyText.display(e.triggerText);
            out.add(new LiveSnapshot.Stampede(e.db, KeyText.display(e.key),
                    e.patternId < 0 ? null : patternNames.apply(e.patternId), trigger, line, e.triggerAt, e.misses,
                    e.rebuilds, e.connections.size(), e.refilled()));
        }
        return out;
    }
}
