package dev.stampededoctor.detectors.stats;

import dev.stampededoctor.detectors.command.CacheCommand;
import dev.stampededoctor.detectors.command.CacheEffects;
import dev.stampededoctor.detectors.command.CommandType;
import dev.stampededoctor.detectors.command.ExpireCondition;
import dev.stampededoctor.detectors.command.FillMode;
import dev.stampededoctor.detectors.command.Invalidation;
import dev.stampededoctor.detectors.keys.ByteTable;
import dev.stampededoctor.detectors.keys.KeyPatterns;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.TrafficSummary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Counts reads, fills, invalidations and TTL changes per (db, key pattern). Each distinct key is
 * interned once and its pattern inferred once; past {@code maxKeys} distinct keys, new keys are
 * no longer remembered (so {@code keys} becomes a lower bound and the summary says so) but every
 * operation is still counted under its pattern.
 */
public final class TrafficStats implements CacheEffects {
    private static final int READS = 0;
    private static final int FILLS = 1;
    private static final int INVALIDATIONS = 2;
    private static final int TTL_CHANGES = 3;
    private static final int KEYS = 4;
    private static final int COUNTERS = 5;

    private final ByteTable keys;
    private final ByteTable patterns;
    private int[] patternOfKey = new int[1024];
    private long[] counters = new long[COUNTERS * 256];
    private final long[] totals = new long[COUNTERS];
    private long flushes;
    private long transactions;
    private long scriptCalls;
    private long otherCommands;
    private long lastTransaction;

    public TrafficStats(int maxKeys, int maxPatterns) {
        this.keys = new ByteTable(maxKeys);
        this.patterns = new ByteTable(maxPatterns);
    }

    @Override
    public void command(CacheCommand cmd) {
        CommandType type = cmd.type();
        if (type == CommandType.OTHER) {
            otherCommands++;
        } else if (type.isScript()) {
            scriptCalls++;
        }
        if (cmd.transactionId() != 0 && cmd.transactionId() != lastTransaction) {
            lastTransaction = cmd.transactionId();
            transactions++;
        }
    }

    @Override
    public void read(CacheCommand cmd, int keyArg) {
        count(cmd, keyArg, READS);
    }

    @Override
    public void fill(CacheCommand cmd, int keyArg, FillMode mode, long ttl) {
        count(cmd, keyArg, FILLS);
    }

    @Override
    public void ttl(CacheCommand cmd, int keyArg, long ttl, ExpireCondition condition) {
        count(cmd, keyArg, TTL_CHANGES);
    }

    @Override
    public void invalidate(CacheCommand cmd, int keyArg, Invalidation cause) {
        count(cmd, keyArg, INVALIDATIONS);
    }

    @Override
    public void flush(CacheCommand cmd, int db) {
        flushes++;
    }

    private void count(CacheCommand cmd, int keyArg, int counter) {
        int pattern = patternOf(cmd, keyArg);
        totals[counter]++;
        if (pattern >= 0) {
            counters[pattern * COUNTERS + counter]++;
        }
    }

    /** The pattern id of the key, interning both on first sight; -1 past the pattern limit. */
    private int patternOf(CacheCommand cmd, int keyArg) {
        MonitorLine line = cmd.line();
        byte[] buf = line.argBuffer();
        int off = line.argOffset(keyArg);
        int len = line.argLength(keyArg);
        int db = line.db();
        int sizeBefore = keys.size();
        int key = keys.intern(db, buf, off, len);
        if (key != ByteTable.FULL && key < sizeBefore) {
            return patternOfKey[key];
        }
        int pattern = internPattern(db, KeyPatterns.infer(buf, off, len));
        if (key == ByteTable.FULL) {
            return pattern;
        }
        if (key == patternOfKey.length) {
            patternOfKey = Arrays.copyOf(patternOfKey, key * 2);
        }
        patternOfKey[key] = pattern;
        totals[KEYS]++;
        if (pattern >= 0) {
            counters[pattern * COUNTERS + KEYS]++;
        }
        return pattern;
    }

    private int internPattern(int db, byte[] pattern) {
        int id = patterns.intern(db, pattern, 0, pattern.length);
        if (id == ByteTable.FULL) {
            return -1;
        }
        if ((id + 1) * COUNTERS > counters.length) {
            counters = Arrays.copyOf(counters, counters.length * 2);
        }
        return id;
    }

    /** The summary, with the {@code top} busiest patterns (by operations) listed. */
    public TrafficSummary summary(int top, long clients) {
        List<PatternStats> all = new ArrayList<>(patterns.size());
        for (int id = 0; id < patterns.size(); id++) {
            int base = id * COUNTERS;
            all.add(new PatternStats(patterns.tag(id),
                    new String(patterns.bytes(id), StandardCharsets.UTF_8),
                    counters[base + KEYS], counters[base + READS], counters[base + FILLS],
                    counters[base + INVALIDATIONS], counters[base + TTL_CHANGES]));
        }
        all.sort(Comparator.comparingLong(PatternStats::total).reversed()
                .thenComparingInt(PatternStats::db).thenComparing(PatternStats::pattern));
        List<PatternStats> shown = List.copyOf(all.subList(0, Math.min(top, all.size())));
        long omitted = all.size() - shown.size();
        return new TrafficSummary(totals[KEYS], keys.isFull(), clients,
                totals[READS], totals[FILLS], totals[INVALIDATIONS], totals[TTL_CHANGES],
                flushes, transactions, scriptCalls, otherCommands, shown, omitted);
    }
}
