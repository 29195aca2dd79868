package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.command.ExpiryClock;
import dev.stampededoctor.detectors.keys.KeyText;
import dev.stampededoctor.detectors.report.LatentRisk;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Keys that have not stampeded yet but will: read so often that, the next time they expire or are
 * deleted, the reads arriving during one rebuild each miss and rebuild.
 *
 * <p>While the capture runs it keeps, for the keys that had a miss episode, the last rebuild seen
 * (first miss to first refill) and whether an episode of theirs was reported. At the end one
 * pass over the key states takes each key still cached (present, or read all along and never
 * written: filled before the capture began), its read rate since its fill (or first read) and a
 * rebuild time (its own, else its pattern's median, else the capture's median; without any, none),
 * and predicts {@code floor(reads per second × rebuild seconds)} rebuilds the next time it goes.
 */
final class LatentRisks {
    /** Reads and time a key must have been watched for its rate to mean something. */
    static final int MIN_READS = 20;
    static final long MIN_OBSERVED_MICROS = 1_000_000;
    /** Keys listed at most. */
    static final int MAX_LISTED = 20;
    private static final int REPORTED = 1 << 31;
    private static final int REBUILD_MASK = ~REPORTED;

    /**
     * Per key id, up to the highest that had an episode: reported (bit 31) and the last rebuild
     * µs + 1 (bits 0-30, saturating; 0 none). Four bytes a key at most, a tenth of its {@link
     * KeyStates}: one store per episode, where a map of the keys that had one would cost more per
     * episode and, when every key had one (a cache warming up), more memory too.
     */
    private int[] rebuilds = new int[0];

    /** An episode of key {@code id} closed; {@code rebuildMicros} is its first miss to first refill, -1 none. */
    void episode(int id, long rebuildMicros) {
        if (rebuildMicros < 0) {
            return;
        }
        ensure(id);
        rebuilds[id] = (rebuilds[id] & REPORTED) | (int) Math.min(rebuildMicros + 1, REBUILD_MASK);
    }

    /** Key {@code id} had an episode the report lists (an alarm, or misses a lock coalesced): an incident, not a risk. */
    void reported(int id) {
        ensure(id);
        rebuilds[id] |= REPORTED;
    }

    private void ensure(int id) {
        if (id >= rebuilds.length) {
            rebuilds = Arrays.copyOf(rebuilds, Math.max(id + 1, Math.max(1024, rebuilds.length * 2)));
        }
    }

    private int value(int id) {
        return id < rebuilds.length ? rebuilds[id] : 0;
    }

    /** What the end-of-capture pass knows of the capture and its keys. */
    record Keys(KeyStates states, int count, int[] dbs, IntPredicate excluded, IntUnaryOperator patternOfKey,
            IntFunction<byte[]> keyBytes, IntFunction<String> patternNames) {
    }

    private record Candidate(int id, long reads, long observedMicros, double rate, long rebuildMicros, String from,
            long predicted) {
    }

    /**
     * The latent risks at {@code end} (the capture's last timestamp, µs): keys predicted to bring at
     * least {@code minRebuilds} rebuilds, most first, at most {@link #MAX_LISTED}. {@code excluded}
     * keys (locks, refresh herds) are left out.
     */
    List<LatentRisk> find(Keys k, long end, int minRebuilds) {
        int limit = Math.min(rebuilds.length, k.count());
        long[] byPattern = new long[limit];
        long[] all = new long[limit];
        int n = 0;
        for (int id = 0; id < limit; id++) {
            int rebuild = rebuilds[id] & REBUILD_MASK;
            if (rebuild != 0 && !k.excluded().test(id)) {
                int pattern = k.patternOfKey().applyAsInt(id);
                byPattern[n] = (long) (pattern + 1) << 32 | (rebuild - 1);
                all[n++] = rebuild - 1;
            }
        }
        Map<Integer, Long> patternMedians = patternMedians(Arrays.copyOf(byPattern, n));
        long[] sorted = Arrays.copyOf(all, n);
        Arrays.sort(sorted);
        long captureMedian = n == 0 ? -1 : median(sorted, 0, n);

        List<Candidate> found = new ArrayList<>();
        KeyStates states = k.states();
        for (int id = 0; id < k.count(); id++) {
            int state = states.state(id);
            long expiry = states.expiry(id);
            if (state == KeyStates.ABSENT || (expiry != 0 && end >= ExpiryClock.expiredFrom(expiry))) {
                continue;
            }
            long reads = state == KeyStates.PRESENT ? states.presentReads(id) : states.unknownReads(id);
            long since = state == KeyStates.PRESENT ? states.filledAt(id) : states.since(id);
            long observed = end - since;
            if (reads < MIN_READS || observed < MIN_OBSERVED_MICROS) {
                continue;
            }
            int known = value(id);
            if ((known & REPORTED) != 0 || k.excluded().test(id)) {
                continue;
            }
            double rate = reads * 1e6 / observed;
            long rebuild;
            String from;
            if ((known & REBUILD_MASK) != 0) {
                rebuild = (known & REBUILD_MASK) - 1;
                from = LatentRisk.FROM_KEY;
            } else if (patternMedians.containsKey(k.patternOfKey().applyAsInt(id))) {
                rebuild = patternMedians.get(k.patternOfKey().applyAsInt(id));
                from = LatentRisk.FROM_PATTERN;
            } else if (captureMedian >= 0) {
                rebuild = captureMedian;
                from = LatentRisk.FROM_CAPTURE;
            } else {
                continue; // no rebuild seen anywhere: nothing to predict with
            }
            long predicted = (long) Math.floor(rate * rebuild / 1e6);
            if (predicted >= minRebuilds) {
                found.add(new Candidate(id, reads, observed, rate, rebuild, from, predicted));
            }
        }
        found.sort((a, b) -> {
            int c = Long.compare(b.predicted(), a.predicted());
            c = c != 0 ? c : Double.compare(b.rate(), a.rate());
            return c != 0 ? c : Integer.compare(a.id(), b.id());
        });
        List<LatentRisk> out = new ArrayList<>();
        for (Candidate c : found.subList(0, Math.min(MAX_LISTED, found.size()))) {
            out.add(risk(k, c));
        }
        return out;
    }

    private static LatentRisk risk(Keys k, Candidate c) {
        KeyStates states = k.states();
        String key = KeyText.display(k.keyBytes().apply(c.id()));
        int pattern = k.patternOfKey().applyAsInt(c.id());
        long expiry = states.expiry(c.id());
        long ttl = states.state(c.id()) == KeyStates.PRESENT ? states.ttl(c.id()) : 0;
        return new LatentRisk(key, pattern >= 0 ? k.patternNames().apply(pattern) : key, k.dbs()[c.id()], c.reads(),
                Math.round(c.observedMicros() / 1e3) / 1e3, Math.round(c.rate() * 10) / 10.0,
                Math.round(c.rebuildMicros() / 100.0) / 10.0, c.from(), c.predicted(),
                ttl > 0 ? ttl / 1e6 : null, expiry != 0 ? BigDecimal.valueOf(expiry, 6) : null,
                expiry != 0 ? dev.stampededoctor.detectors.report.TimeSpan.iso(expiry) : null);
    }

    /** Pattern id to the median of its keys' rebuilds, from entries (pattern id + 1) << 32 | rebuild µs. */
    private static Map<Integer, Long> patternMedians(long[] entries) {
        Arrays.sort(entries);
        Map<Integer, Long> out = new HashMap<>();
        for (int from = 0; from < entries.length;) {
            long pattern = entries[from] >>> 32;
            int to = from;
            while (to < entries.length && entries[to] >>> 32 == pattern) {
                to++;
            }
            if (pattern > 0) {
                long[] rebuilds = new long[to - from];
                for (int i = from; i < to; i++) {
                    rebuilds[i - from] = entries[i] & 0xffffffffL;
                }
                out.put((int) pattern - 1, median(rebuilds, 0, rebuilds.length));
            }
            from = to;
        }
        return out;
    }

    /** The median of the sorted {@code a[from, to)}. */
    private static long median(long[] a, int from, int to) {
        int n = to - from;
        return (a[from + (n - 1) / 2] + a[from + n / 2]) / 2;
    }
}
