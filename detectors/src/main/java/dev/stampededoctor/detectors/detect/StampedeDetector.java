package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.command.CommandType;
import dev.stampededoctor.detectors.command.ExpireCondition;
import dev.stampededoctor.detectors.command.ExpiryClock;
import dev.stampededoctor.detectors.command.FillMode;
import dev.stampededoctor.detectors.command.Ttl;
import dev.stampededoctor.detectors.keys.ByteTable;
import dev.stampededoctor.detectors.ops.KeyOpKind;
import dev.stampededoctor.detectors.ops.KeyOps;
import dev.stampededoctor.detectors.report.LatentRisk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Finds miss episodes in the stream of key operations and keeps those worth reporting.
 *
 * <p>Per key it tracks whether the value is present (and until when, from the TTL commands),
 * absent (and what removed it), or not yet known. A read of an absent or expired key is a miss;
 * for a key not yet known, a read followed within {@link #CACHE_ASIDE_MICROS} by a fill of the
 * key from the same client connection is the cache-aside signature of a miss (an episode whose trigger the capture does not show). Misses open an
 * {@link Episode}; fills in it count as rebuilds; it closes once the refill landed and the
 * rebuilds in flight had time to write back (or {@link #ABANDON_MICROS} after the last miss
 * without any refill). Closed episodes with at least {@code minRebuilds} rebuilds are stampedes
 * or herds; lock-coalesced ones (many misses, at most one rebuild, {@code SET … NX} by the
 * missing clients) are kept as informational.
 *
 * <p>Runs on a pipeline stage after the key table's, whose key ids it reads from each batch,
 * together with the pattern ids {@code TrafficStats.countPatterns} wrote just before it. Memory: {@link KeyStates} per distinct key, plus open episodes; the number of kept
 * episodes is bounded by {@link #MAX_EPISODES}.
 */
public final class StampedeDetector {
    /**
     * Commands of one turn of Redis's event loop run in one order and are replied in another: a
     * nil read replied just before the DEL that explains it, a hit just after. Replies this close
     * to a key's removal are taken in the order that makes them true.
     */
    static final long TURN_MICROS = 2_000;
    private static final int MAX_EARLY_MISSES = 64;
    private List<long[]> takenOver;
    private static final int MISS_REPLY = dev.stampededoctor.detectors.resp.ReplyKind.MISS.ordinal();
    private static final int HIT_REPLY = dev.stampededoctor.detectors.resp.ReplyKind.HIT.ordinal();
    static final long CACHE_ASIDE_MICROS = 5_000_000;
    static final long ABANDON_MICROS = 30_000_000;
    static final int MAX_EPISODES = 10_000;
    static final int MAX_EXPIRIES = 1_000_000;
    private static final FillMode[] FILL_MODES = FillMode.values();
    private static final ExpireCondition[] CONDITIONS = ExpireCondition.values();

    private final int minRebuilds;
    private final dev.stampededoctor.detectors.stats.CaptureTimeline timeline;
    // Written by the detector's thread, read by a progress line: closed single-key alarms so far.
    private volatile int alarmsSoFar;
    /**
     * The db of each key id seen so far. The statistics stage assigns ids densely in the order
     * keys first appear, so an id at or past {@link #knownKeys} is a new key; the detector keeps
     * its own copy rather than reading the key table another thread is growing.
     */
    private int[] keyDbs = new int[1024];
    private int knownKeys;
    private final KeyStates states = new KeyStates();
    private final Map<Integer, Episode> open = new HashMap<>();
    private final List<Episode> kept = new ArrayList<>();
    private long droppedEpisodes;
    private final CloseQueue closing = new CloseQueue();
    /** Per client id: when it last ran a {@code SET … NX} on a key outside any episode (µs, 0 never). */
    private long[] lastLockAttempt = new long[1024];
    private final List<Expiry> expiries = new ArrayList<>();
    private final RecentReads recentReads = new RecentReads();
    private final TriggerLines triggerLines = new TriggerLines();
    private final LockKeys locks = new LockKeys();
    private final RefreshHerds refreshes;
    /** Misses per pattern id, as the episodes count them (added when each closes). */
    private long[] patternMisses = new long[256];
    /** Per pattern id: reads whose reply the source showed, and those of them that were nil. */
    private long[] replyReads = new long[256];
    private long[] replyMisses = new long[256];
    private final LatentRisks latent = new LatentRisks();
    /** For a live view: misses per pattern id and in all as the reads miss, not when the episode closes. */
    private long[] liveMisses = new long[256];
    private volatile long missesSoFar;
    /** Misses per key id, for a live view's hot keys; null unless {@link #countMissesPerKey}. */
    private int[] keyMisses;
    /**
     * RENAME moves the source's TTL to the destination: the source's expiry and TTL (µs) as its
     * invalidation left them, for the destination's fill that follows it; -1 when not known.
     */
    private long renamedExpiry = -1;
    private long renamedTtl;

    /**
     * A key read after its TTL ran out, with what followed: the raw material of
     * coordinated-expiry detection, kept for every TTL episode (at most {@link #MAX_EXPIRIES}).
     */
    public record Expiry(int patternId, int db, long expiredAt, long ttlMicros, int misses, int replyMisses, int rebuilds,
            int input) {
    }

    /** Single-key stampedes and herds whose episode has closed, so far (any thread; pattern-level herds come at the end). */
    public int alarmsSoFar() {
        return alarmsSoFar;
    }

    public StampedeDetector(int minRebuilds) {
        this(minRebuilds, null);
    }

    /** A detector that also counts every miss, by its instant, in {@code timeline} (null: nowhere). */
    public StampedeDetector(int minRebuilds, dev.stampededoctor.detectors.stats.CaptureTimeline timeline) {
        this.minRebuilds = minRebuilds;
        this.refreshes = new RefreshHerds(minRebuilds);
        this.timeline = timeline;
    }

    /**
     * Consumes one batch whose key and pattern ids the statistics stage wrote into it
     * ({@link KeyOps#keyIdArray()}), in slices whose key states are brought into the cache first.
     */
    public void accept(KeyOps ops) {
        int[] ids = ops.keyIdArray();
        int[] patterns = ops.patternIdArray();
        for (int i = 0; i < ops.size(); i++) {
            int id = ids[i];
            if (id >= knownKeys && ops.kind(i) != KeyOpKind.FLUSH) {
                if (id >= keyDbs.length) {
                    keyDbs = Arrays.copyOf(keyDbs, Math.max(id + 1, keyDbs.length + (keyDbs.length >> 1)));
                }
                keyDbs[id] = ops.db(i);
                knownKeys = id + 1;
            }
        }
        states.ensure(knownKeys);
        for (int from = 0; from < ops.size(); from += ByteTable.PREFETCH_CHUNK) {
            int to = Math.min(ops.size(), from + ByteTable.PREFETCH_CHUNK);
            // The keys' states are random accesses into a large array: touch them all first so
            // that the cache misses overlap, then work on lines already in the cache.
            states.prefetch(ids, from, to);
            consume(ops, ids, patterns, from, to);
        }
    }

    private static final int MASTER_EXPIRY_FORM = dev.stampededoctor.detectors.command.Invalidation.MASTER_EXPIRY_FORM
            .ordinal();
    /** The master's clock (its PXAT) against the replica's (MONITOR's stamp): hosts kept by NTP agree this well. */
    static final long MASTER_CLOCK_SKEW_MICROS = 1_000_000;

    private void consume(KeyOps ops, int[] ids, int[] patterns, int from, int to) {
        for (int i = from; i < to; i++) {
            long at = ops.timestampMicros(i);
            if (at > closing.nextDue()) {
                closeDue(at);
            }
            KeyOpKind kind = ops.kind(i);
            if (kind == KeyOpKind.FLUSH) {
                triggerLines.keep(ops, i);
                flush(ops.db(i), at, ops.client(i), ops.command(i), ops.fromScript(i), ops.line(i));
                continue;
            }
            int id = ids[i];
            if (id == ByteTable.FULL) {
                continue; // past --max-keys: counted by the statistics, not tracked
            }
            switch (kind) {
                case READ -> read(id, at, ops.client(i), ops, i, patterns[i]);
                case FILL -> fill(id, at, ops.client(i), FILL_MODES[ops.detail(i)], ops.ttl(i), ops, i, patterns[i]);
                case TTL -> ttl(id, at, ops.ttl(i), CONDITIONS[ops.detail(i)]);
                case INVALIDATE -> {
                    triggerLines.keep(ops, i);
                    // A master's expiry on a replica is a TTL trigger, not an invalidation; where the
                    // model has the key expired already (the replica answers nil from its TTL, and the
                    // master propagates the DEL only when it gets to it), the DEL adds nothing.
                    boolean expiry = ops.detail(i) == MASTER_EXPIRY_FORM && masterExpiry(id, at);
                    if (expiry && (states.inEpisode(id) || expireIfDue(id, at) == KeyStates.ABSENT)) {
                        continue;
                    }
                    invalidate(id, at, expiry ? 0 : ops.client(i), expiry ? KeyStates.TTL_COMMAND
                            : ops.command(i).ordinal(), ops.fromScript(i), ops.line(i));
                    takeOverEarlyMisses(id, at, ops, i, patterns[i]);
                }
                default -> throw new IllegalStateException(kind.name());
            }
        }
    }

    /** Closes every open episode (the capture ended) and returns the kept ones, in trigger order. */
    public List<Episode> finish() {
        for (Episode e : new ArrayList<>(open.values())) {
            close(e);
        }
        kept.sort((a, b) -> Long.compare(a.timelineStart(), b.timelineStart()));
        return kept;
    }

    /** Episodes past {@link #MAX_EPISODES} that were worth keeping but were only counted. */
    public long droppedEpisodes() {
        return droppedEpisodes;
    }

    /** Refresh herds on present keys (soft expiry), once the capture has ended. */
    List<RefreshHerds.Burst> refreshHerds() {
        return refreshes.finish();
    }

    /** Keys used as locks, with what they went through (once {@link #finish()} has run). */
    Map<Integer, LockKeys.Activity> locks() {
        return locks.locks();
    }

    /**
     * Reads of pattern {@code patternId}'s keys that missed, as the episodes count them (once
     * {@link #finish()} has run): reads of a missing or expired key, reads of a not-yet-known key
     * its connection then rebuilt, and reads stamped just before an expiry that were misses.
     */
    public long misses(int patternId) {
        if (patternId < 0) {
            return 0;
        }
        long inferred = patternId < patternMisses.length ? patternMisses[patternId] : 0;
        // Replies count every miss, in episodes or not; the episodes add those on connections
        // whose replies were not paired.
        long replied = patternId < replyMisses.length ? replyMisses[patternId] : 0;
        return Math.max(inferred, replied);
    }

    /** Reads of pattern {@code patternId}'s keys that the source's replies showed missing. */
    public long repliedMisses(int patternId) {
        return patternId >= 0 && patternId < replyMisses.length ? replyMisses[patternId] : 0;
    }

    /** Reads of pattern {@code patternId}'s keys whose reply the source showed (a packet capture). */
    public long repliedReads(int patternId) {
        return patternId >= 0 && patternId < replyReads.length ? replyReads[patternId] : 0;
    }

    /**
     * Keys still cached at {@code endMicros} (the capture's last timestamp) whose read rate and
     * rebuild time predict at least {@code minRebuilds} rebuilds the next time they go, worst
     * first (see {@link LatentRisks}); after {@link #finish()}, once the key-operation threads are
     * done: the key table's pattern ids and bytes are read through {@code patternOfKey} and
     * {@code keyBytes}.
     */
    public List<LatentRisk> latentRisks(long endMicros, IntUnaryOperator patternOfKey, IntFunction<byte[]> keyBytes,
            IntFunction<String> patternNames) {
        Set<Integer> refreshed = new HashSet<>();
        for (RefreshHerds.Burst b : refreshes.finish()) {
            refreshed.add(b.keyId);
        }
        IntPredicate excluded = id -> (states.lockCandidate(id) && locks.isLock(id))
                || refreshed.contains(id);
        return latent.find(new LatentRisks.Keys(states, knownKeys, keyDbs, excluded, patternOfKey, keyBytes,
                patternNames), endMicros, minRebuilds);
    }

    /** Expiries that were read, one per key and expiry, for pattern-level (coordinated expiry) detection. */
    public List<Expiry> expiries() {
        return expiries;
    }

    private void read(int id, long at, int client, KeyOps ops, int i, int pattern) {
        int reply = ops.detail(i);
        int state = expireIfDue(id, at);
        boolean unseen = false;
        if (reply == MISS_REPLY || reply == HIT_REPLY) {
            countRepliedRead(pattern, reply == MISS_REPLY);
            long expiry = states.expiry(id);
            if (reply == MISS_REPLY && state == KeyStates.PRESENT && expiry != 0 && expiry - at <= TURN_MICROS) {
                // Due to expire within the clocks' disagreement: its TTL ran out.
                if (states.inEpisode(id)) {
                    close(open.get(id));
                }
                states.absent(id, Math.min(expiry, at), KeyStates.TTL_COMMAND, 0, false);
                state = KeyStates.ABSENT;
            } else if (reply == HIT_REPLY && state == KeyStates.ABSENT && at - states.since(id) <= TURN_MICROS) {
                // It ran before the removal, in the same turn of Redis's event loop (whose replies
                // leave in another order than the commands ran): a hit, and the key stays removed.
                return;
            } else if (reply == MISS_REPLY && state != KeyStates.ABSENT) {
                unseen = true;
                // The server says the key is not there, though the capture did not show it go
                // (evicted, expired by a TTL set before the capture, removed by a client it missed).
                if (states.inEpisode(id)) {
                    close(open.get(id));
                }
                states.absent(id, at, KeyStates.UNSEEN_COMMAND, client, false);
                state = KeyStates.ABSENT;
            } else if (reply == HIT_REPLY && state == KeyStates.ABSENT) {
                // Filled where the capture does not show, or sooner than its computed expiry: it is there.
                states.present(id, 0, 0, at);
                state = KeyStates.PRESENT;
            } else if (reply == HIT_REPLY && state == KeyStates.UNKNOWN) {
                states.unknownRead(id, at, client); // a hit: no cache-aside inference from this read
                return;
            }
        }
        if (states.lockCandidate(id)) {
            locks.poll(id, at, client);
        }
        if (state == KeyStates.PRESENT) {
            states.presentRead(id);
            refreshes.hit(client, id, at);
            if (states.inEpisode(id)) {
                open.get(id).hit(at);
            }
            noteIfNearExpiry(id, at, client);
            return;
        }
        if (state == KeyStates.UNKNOWN) {
            states.unknownRead(id, at, client);
            recentReads.note(client, id, at);
            return;
        }
        Episode e = states.inEpisode(id) ? open.get(id) : openEpisode(id, ops, i, pattern, triggerOf(id));
        if (unseen) {
            e.unseenRemoval = true;
            e.earlyMisses = new ArrayList<>();
        }
        e.miss(at, client);
        if (reply == MISS_REPLY) {
            e.replyMisses++;
        }
        int latency = ops.latencyMicros(i);
        if (latency >= 0) {
            e.missLatencyCount++;
            e.missLatencySum += latency;
            e.missLatencyMax = Math.max(e.missLatencyMax, latency);
        }
        if (e.earlyMisses != null && e.firstFillAt < 0 && e.earlyMisses.size() < MAX_EARLY_MISSES) {
            e.earlyMisses.add(new long[] {at, client});
        }
        countLiveMiss(id, pattern);
    }

    private void countRepliedRead(int pattern, boolean miss) {
        if (pattern < 0) {
            return;
        }
        if (pattern >= replyReads.length) {
            replyReads = Arrays.copyOf(replyReads, Math.max(pattern + 1, replyReads.length * 2));
            replyMisses = Arrays.copyOf(replyMisses, replyReads.length);
        }
        replyReads[pattern]++;
        if (miss) {
            replyMisses[pattern]++;
        }
    }

    private void countLiveMiss(int id, int pattern) {
        missesSoFar++;
        if (pattern >= 0) {
            if (pattern >= liveMisses.length) {
                liveMisses = Arrays.copyOf(liveMisses, Math.max(pattern + 1, liveMisses.length * 2));
            }
            liveMisses[pattern]++;
        }
        if (keyMisses != null) {
            if (id >= keyMisses.length) {
                keyMisses = Arrays.copyOf(keyMisses, Math.max(id + 1, keyMisses.length * 2));
            }
            keyMisses[id]++;
        }
    }

    /** Counts misses per key as well, for {@link #keyMisses}. Call before the first batch. */
    public void countMissesPerKey() {
        if (keyMisses == null) {
            keyMisses = new int[1024];
        }
    }

    /** Reads of key {@code id} that missed so far (read of a missing or expired key); 0 unless counted. */
    public long keyMisses(int id) {
        return keyMisses != null && id >= 0 && id < keyMisses.length ? keyMisses[id] : 0;
    }

    /** Reads of pattern {@code patternId}'s keys that missed so far, as they happened. */
    public long liveMisses(int patternId) {
        return patternId >= 0 && patternId < liveMisses.length ? liveMisses[patternId] : 0;
    }

    /** Reads that missed so far, as they happened (any thread). */
    public long missesSoFar() {
        return missesSoFar;
    }

    /** Time to key {@code id}'s expiry from {@code now} (µs) when it is present with a TTL the capture showed; else -1. */
    public long ttlLeft(int id, long now) {
        if (id < 0 || id >= knownKeys || states.state(id) != KeyStates.PRESENT || states.expiry(id) == 0) {
            return -1;
        }
        return Math.max(0, states.expiry(id) - now);
    }

    /** The episodes still open, for a live view; read on the detector's thread or with it idle. */
    java.util.Collection<Episode> openEpisodes() {
        return open.values();
    }

    /** Whether key {@code id} has shown itself a lock (taken, refused, released) rather than a cache entry. */
    boolean isLock(int id) {
        return states.lockCandidate(id) && locks.isLock(id);
    }

    /** The episodes closed and kept so far, in trigger order, without closing the open ones. */
    List<Episode> keptSoFar() {
        List<Episode> copy = new ArrayList<>(kept);
        copy.sort((a, b) -> Long.compare(a.timelineStart(), b.timelineStart()));
        return copy;
    }

    private void fill(int id, long at, int client, FillMode mode, long ttl, KeyOps ops, int i, int pattern) {
        int state = expireIfDue(id, at);
        if (mode == FillMode.IF_ABSENT && !states.inEpisode(id)) {
            noteLockAttempt(client, at);
        }
        long ttlMicros = Ttl.isInstant(ttl) ? Math.max(0, ttl - at) : -1;
        lockWrite(id, at, client, mode, state, ttlMicros, ops, i);
        if (state == KeyStates.PRESENT && mode != FillMode.IF_ABSENT && !states.inEpisode(id) && !states.lockCandidate(id)) {
            refreshes.overwrite(id, at, client, states.filledAt(id), ttlMicros, ops, i, pattern);
        }
        if (state != KeyStates.PRESENT && !states.inEpisode(id)) {
            openEpisodeOnRebuild(id, state, at, client, ops, i, pattern);
        }
        if (states.inEpisode(id)) {
            // A rebuild even when Redis refuses the write (SET NX after another client's refill):
            // the backend query ran all the same.
            Episode e = open.get(id);
            if (e.triggerKind == TriggerKind.UNKNOWN && e.refilled()) {
                long readAt = recentReads.find(client, id, at - CACHE_ASIDE_MICROS, e.firstFillAt);
                if (readAt >= 0) {
                    e.unknownMiss(readAt, client);
                    countLiveMiss(id, pattern);
                }
            } else if (e.triggerKind == TriggerKind.TTL) {
                long bound = e.lateReadBound(client);
                long readAt = bound < 0 ? -1 : readJustBeforeExpiry(client, id, e.triggerAt, at, bound);
                if (readAt >= 0) {
                    e.lateStampedMiss(readAt, client);
                    countLiveMiss(id, pattern);
                }
            }
            e.fill(at, client, ttlMicros, ops.unit(i));
            int latency = ops.latencyMicros(i);
            if (latency >= 0) {
                e.fillLatencyCount++;
                e.fillLatencySum += latency;
                e.fillLatencyMax = Math.max(e.fillLatencyMax, latency);
            }
            scheduleClose(e);
        }
        if ((mode == FillMode.IF_ABSENT && state == KeyStates.PRESENT)
                || (mode == FillMode.IF_PRESENT && state != KeyStates.PRESENT)) {
            return; // Redis did not write
        }
        long expiry;
        long keptTtl;
        if (Ttl.isInstant(ttl)) {
            expiry = ttl;
            keptTtl = ttl - at;
        } else if (ttl == Ttl.KEEP && state == KeyStates.PRESENT) {
            expiry = states.expiry(id);
            keptTtl = expiry != 0 ? states.ttl(id) : 0;
        } else if (ttl == Ttl.CARRIED && renamedExpiry >= 0) {
            expiry = renamedExpiry;
            keptTtl = expiry != 0 ? renamedTtl : 0;
        } else {
            expiry = 0;
            keptTtl = 0;
        }
        renamedExpiry = -1;
        states.present(id, expiry, keptTtl, at);
    }

    /**
     * Tells {@link LockKeys} of writes of keys that may be locks: an NX write starts tracking a key
     * never written otherwise; any other write ends it for good.
     */
    private void lockWrite(int id, long at, int client, FillMode mode, int state, long ttlMicros, KeyOps ops, int i) {
        if (states.notLock(id)) {
            return;
        }
        if (mode != FillMode.IF_ABSENT) {
            if (states.lockCandidate(id)) {
                locks.forget(id);
            }
            states.setNotLock(id);
            return;
        }
        if (!states.lockCandidate(id)) {
            byte[] key = Arrays.copyOfRange(ops.keyBuffer(), ops.keyOffset(i), ops.keyOffset(i) + ops.keyLength(i));
            if (!locks.track(id, key, ops.db(i))) {
                states.setNotLock(id);
                return;
            }
            states.setLockCandidate(id);
        }
        locks.nxWrite(id, at, client, state != KeyStates.PRESENT, ttlMicros);
    }

    /** A hit on a present key: remembered when just before its computed expiry ({@link ExpiryClock#LAG_MICROS}). */
    private void noteIfNearExpiry(int id, long at, int client) {
        long expiry = states.expiry(id);
        if (expiry != 0 && at >= ExpiryClock.expiredFrom(expiry) - ExpiryClock.LAG_MICROS) {
            recentReads.note(client, id, at);
        }
    }

    /**
     * A fill of a key not present and in no episode: when the client read it shortly before, that
     * read was a miss the capture did not show as one, and the episode opens with it.
     */
    private void openEpisodeOnRebuild(int id, int state, long at, int client, KeyOps ops, int i, int pattern) {
        if (state == KeyStates.UNKNOWN) {
            // The cache-aside signature: this client read the key shortly before it filled it.
            // Whether other reads of it missed is not visible yet (they may have hit for a
            // while): the episode starts at this client's read, and other readers join it when
            // they fill the key too.
            long readAt = recentReads.find(client, id, at - CACHE_ASIDE_MICROS, at);
            if (readAt >= 0) {
                openEpisode(id, ops, i, pattern, TriggerKind.UNKNOWN).unknownMiss(readAt, client);
                countLiveMiss(id, pattern);
            }
        } else if (states.triggerCommand(id) == KeyStates.TTL_COMMAND) {
            // Every read of the expiry looked like a hit, but this client is rebuilding the key.
            long readAt = readJustBeforeExpiry(client, id, states.since(id), at);
            if (readAt >= 0) {
                openEpisode(id, ops, i, pattern, TriggerKind.TTL).lateStampedMiss(readAt, client);
                countLiveMiss(id, pattern);
            }
        }
    }

    private void ttl(int id, long at, long ttl, ExpireCondition condition) {
        int state = states.state(id);
        if (state == KeyStates.ABSENT || expireIfDue(id, at) == KeyStates.ABSENT) {
            return; // EXPIRE/PERSIST on a missing key does nothing
        }
        long current = states.expiry(id);
        if (ttl == Ttl.PERSIST) {
            if (state == KeyStates.PRESENT) {
                states.retime(id, 0, 0);
            } else {
                states.setExpiry(id, 0);
            }
            return;
        }
        boolean apply = switch (condition) {
            case ALWAYS -> true;
            case NX -> current == 0;
            case XX -> current != 0;
            case GT -> current != 0 && ttl > current;
            case LT -> current == 0 || ttl < current;
        };
        if (apply && state == KeyStates.PRESENT) {
            states.retime(id, ttl, ttl - at);
        } else if (apply) {
            states.setExpiry(id, ttl);
        }
    }

    /**
     * Whether a DEL/UNLINK in the master's expiry form is an expiry: unless the capture showed the
     * key a TTL that ends more than {@link #MASTER_CLOCK_SKEW_MICROS} later (then a client deleted
     * it on the master), it is: keys set before the capture began have a TTL this capture never saw.
     */
    private boolean masterExpiry(int id, long at) {
        long expiry = states.expiry(id);
        return states.state(id) == KeyStates.ABSENT || expiry == 0
                || ExpiryClock.expiredFrom(expiry) <= at + MASTER_CLOCK_SKEW_MICROS;
    }

    private void invalidate(int id, long at, int client, int command, boolean fromScript, long line) {
        takenOver = null;
        if (states.inEpisode(id)) {
            Episode e = open.get(id);
            if (e.unseenRemoval && e.firstFillAt < 0 && e.earlyMisses != null && at - e.firstMissAt <= TURN_MICROS) {
                // Its misses were this removal's, replied before it in the same turn of the event loop.
                open.remove(id);
                closing.remove(e);
                states.setInEpisode(id, false);
                takenOver = e.earlyMisses;
            } else {
                close(e);
            }
        }
        int state = expireIfDue(id, at);
        renamedExpiry = -1;
        if (states.lockCandidate(id)) {
            locks.delete(id, at, client, state == KeyStates.PRESENT);
        }
        if (refreshes.anyOpen()) {
            refreshes.removed(id);
        }
        if (state == KeyStates.ABSENT && takenOver == null) {
            return; // already gone: the earlier trigger stands (unless only an unseen removal, just taken over)
        }
        if (state == KeyStates.PRESENT && (command == CommandType.RENAME.ordinal() || command == CommandType.RENAMENX.ordinal())) {
            renamedExpiry = states.expiry(id);
            renamedTtl = states.ttl(id);
        }
        states.absent(id, at, command, client, fromScript);
        states.setTriggerLine(id, line);
    }

    /** After an invalidation that took over an unseen removal's misses: its episode opens with them. */
    private void takeOverEarlyMisses(int id, long at, KeyOps ops, int i, int pattern) {
        if (takenOver == null || states.state(id) != KeyStates.ABSENT) {
            takenOver = null;
            return;
        }
        Episode e = openEpisode(id, ops, i, pattern, triggerOf(id));
        for (long[] m : takenOver) {
            e.miss(Math.max(m[0], at), (int) m[1]);
            e.replyMisses++;
        }
        takenOver = null;
    }

    private void flush(int db, long at, int client, CommandType command, boolean fromScript, long line) {
        for (Episode e : new ArrayList<>(open.values())) {
            if (db < 0 || e.db == db) {
                close(e);
            }
        }
        int n = knownKeys;
        for (int id = 0; id < n; id++) {
            if ((db < 0 || keyDbs[id] == db) && states.state(id) != KeyStates.ABSENT) {
                states.absent(id, at, command.ordinal(), client, fromScript);
                states.setTriggerLine(id, line);
            }
        }
    }

    /**
     * The read of key {@code id} by {@code client} in the {@link ExpiryClock#LAG_MICROS} before its
     * computed expiry {@code expiry}, not longer than {@link #CACHE_ASIDE_MICROS} before the
     * fill at {@code fillAt}; -1 when there is none.
     */
    private long readJustBeforeExpiry(int client, int id, long expiry, long fillAt) {
        return readJustBeforeExpiry(client, id, expiry, fillAt, Long.MAX_VALUE);
    }

    /** As above, among the reads before {@code before} only (those at or after it were counted). */
    private long readJustBeforeExpiry(int client, int id, long expiry, long fillAt, long before) {
        long from = ExpiryClock.expiredFrom(expiry);
        long to = Math.min(from - 1, before == Long.MAX_VALUE ? Long.MAX_VALUE : before - 1);
        return recentReads.find(client, id, Math.max(from - ExpiryClock.LAG_MICROS, fillAt - CACHE_ASIDE_MICROS), to);
    }

    /** Applies a TTL that ran out before {@code at}; returns the key's state afterwards. */
    private int expireIfDue(int id, long at) {
        int state = states.state(id);
        long expiry = states.expiry(id);
        if (state != KeyStates.ABSENT && expiry != 0 && at >= ExpiryClock.expiredFrom(expiry)) {
            states.absent(id, expiry, KeyStates.TTL_COMMAND, 0, false);
            return KeyStates.ABSENT;
        }
        return state;
    }


    private TriggerKind triggerOf(int id) {
        int command = states.triggerCommand(id);
        return command == KeyStates.TTL_COMMAND ? TriggerKind.TTL
                : command == KeyStates.UNSEEN_COMMAND ? TriggerKind.UNKNOWN : TriggerKind.INVALIDATION;
    }

    /** Opens an episode on key {@code id}, whose bytes are those of operation {@code i}. */
    private Episode openEpisode(int id, KeyOps ops, int i, int pattern, TriggerKind kind) {
        boolean explicit = kind == TriggerKind.INVALIDATION;
        CommandType command = explicit ? CommandType.of(states.triggerCommand(id)) : null;
        byte[] key = Arrays.copyOfRange(ops.keyBuffer(), ops.keyOffset(i), ops.keyOffset(i) + ops.keyLength(i));
        // For TTL and explicit triggers "since" is the instant the key went; for an unknown
        // trigger it is the first read, the best bound the capture gives.
        Episode e = new Episode(id, ops.db(i), key, pattern, kind, command, states.since(id),
                explicit ? states.client(id) : -1, explicit && states.triggerFromScript(id));
        e.captureTimeline = timeline;
        e.input = dev.stampededoctor.detectors.monitor.MonitorLine.inputOf(ops.line(i));
        if (kind == TriggerKind.TTL) {
            e.expiredTtlMicros = states.expiredTtl(id);
        } else if (kind == TriggerKind.UNKNOWN) {
            e.firstSeenAt = states.since(id);
        } else {
            e.triggerLine = states.triggerLine(id);
            e.triggerText = triggerLines.text(e.triggerLine);
        }
        e.readRateBefore = kind == TriggerKind.UNKNOWN ? Float.NaN : states.readRateBefore(id);
        open.put(id, e);
        states.setInEpisode(id, true);
        scheduleClose(e);
        return e;
    }

    private void scheduleClose(Episode e) {
        closing.schedule(e, closeTime(e));
    }

    private static long closeTime(Episode e) {
        return e.refilled() ? e.closeAt : e.lastEventAt + ABANDON_MICROS;
    }

    private void closeDue(long now) {
        for (Episode e = closing.pollDue(now, StampedeDetector::closeTime); e != null;
                e = closing.pollDue(now, StampedeDetector::closeTime)) {
            close(e);
        }
    }

    private void close(Episode e) {
        open.remove(e.keyId);
        closing.remove(e);
        finish(e);
    }

    private void finish(Episode e) {
        states.setInEpisode(e.keyId, false);
        if (e.triggerKind == TriggerKind.UNKNOWN) {
            e.misses = Math.max(e.misses, e.rebuilds); // every rebuild followed a miss
        }
        if (e.patternId >= 0) {
            if (e.patternId >= patternMisses.length) {
                patternMisses = Arrays.copyOf(patternMisses, Math.max(e.patternId + 1, patternMisses.length * 2));
            }
            patternMisses[e.patternId] += e.misses;
        }
        latent.episode(e.keyId, e.refilled() && e.firstMissAt >= 0 && e.firstFillAt >= e.firstMissAt
                ? e.firstFillAt - e.firstMissAt : -1);
        if (e.triggerKind == TriggerKind.TTL && e.patternId >= 0 && expiries.size() < MAX_EXPIRIES) {
            expiries.add(new Expiry(e.patternId, e.db, e.triggerAt, e.expiredTtlMicros, e.misses, e.replyMisses, e.rebuilds,
                    e.input));
        }
        if (states.lockCandidate(e.keyId) && locks.isLock(e.keyId)) {
            return; // a lock taken and released, polled by waiters: not a cache entry (see LockKeys)
        }
        e.lockAttempts = countLockAttempts(e);
        boolean alarm = e.rebuilds >= minRebuilds && (e.hot() || e.burstUnexplained());
        boolean coalesced = !alarm && e.rebuilds <= 1 && e.misses >= minRebuilds && e.lockAttempts > 0;
        if (!alarm && !coalesced) {
            return;
        }
        if (alarm) {
            alarmsSoFar++;
        }
        latent.reported(e.keyId);
        if (kept.size() < MAX_EPISODES) {
            kept.add(e);
        } else {
            droppedEpisodes++;
        }
    }

    private void noteLockAttempt(int client, long at) {
        if (client < 0) {
            return;
        }
        if (client >= lastLockAttempt.length) {
            lastLockAttempt = Arrays.copyOf(lastLockAttempt, Math.max(client + 1, lastLockAttempt.length * 2));
        }
        lastLockAttempt[client] = at;
    }

    /** Clients that missed in the episode and then tried a {@code SET … NX} before it ended. */
    private int countLockAttempts(Episode e) {
        int attempts = 0;
        for (Map.Entry<Integer, EpisodeConnection> c : e.connections.entrySet()) {
            int client = c.getKey();
            long missedAt = c.getValue().lastMissAt;
            if (client >= 0 && client < lastLockAttempt.length && missedAt >= 0
                    && lastLockAttempt[client] >= missedAt - 1_000_000 && lastLockAttempt[client] <= e.lastEventAt + 1_000_000) {
                attempts++;
            }
        }
        return attempts;
    }
}
