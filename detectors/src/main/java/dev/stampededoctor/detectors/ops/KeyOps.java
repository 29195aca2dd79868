package dev.stampededoctor.detectors.ops;

import dev.stampededoctor.detectors.command.CommandType;
import dev.stampededoctor.detectors.keys.ByteTable;
import java.util.Arrays;

/**
 * A batch of key operations in struct-of-arrays form: what the command model found, copied out
 * of the reused line buffers so that another thread can consume it. Key bytes live in one arena.
 * A batch is refilled after {@link #clear()}, so steady state allocates nothing.
 */
public final class KeyOps {
    public static final int CAPACITY = 4096;

    final byte[] kinds = new byte[CAPACITY];
    final int[] dbs = new int[CAPACITY];
    final int[] keyOffsets = new int[CAPACITY];
    final int[] keyLengths = new int[CAPACITY];
    final int[] keyHashes = new int[CAPACITY];
    final long[] timestamps = new long[CAPACITY];
    final int[] clients = new int[CAPACITY];
    final byte[] details = new byte[CAPACITY];
    final int[] units = new int[CAPACITY];
    final byte[] commands = new byte[CAPACITY];
    /** Filled by the statistics stage for the stages after it: see {@link #keyIdArray()}. */
    final int[] keyIds = new int[CAPACITY];
    final int[] patternIds = new int[CAPACITY];
    final boolean[] fromScript = new boolean[CAPACITY];
    final long[] ttls = new long[CAPACITY];
    /** Request-to-reply time of the operation's command in µs (saturating), -1 when the source shows no reply. */
    final int[] latencies = new int[CAPACITY];
    /** {@code MonitorLine#lineId()} of each operation's line. */
    final long[] lines = new long[CAPACITY];
    /** For invalidations and flushes: the line's own text, in {@link #texts}; length -1 for other kinds. */
    final int[] textOffsets = new int[CAPACITY];
    final int[] textLengths = new int[CAPACITY];
    byte[] texts = new byte[CAPACITY * 16];
    int textsUsed;
    byte[] keys = new byte[CAPACITY * 32];
    int keysUsed;
    int size;

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == CAPACITY;
    }

    public void clear() {
        size = 0;
        keysUsed = 0;
        textsUsed = 0;
    }

    /** Appends one operation; the key is copied. Returns false when the batch is full. */
    public boolean add(KeyOpKind kind, int db, byte[] buf, int off, int len, long timestamp, int client,
            int detail, long ttl, CommandType command, boolean script, int unit, long line) {
        if (size == CAPACITY) {
            return false;
        }
        if (keysUsed + len > keys.length) {
            keys = Arrays.copyOf(keys, Math.max(keys.length * 2, keysUsed + len));
        }
        int i = size++;
        System.arraycopy(buf, off, keys, keysUsed, len);
        kinds[i] = (byte) kind.ordinal();
        dbs[i] = db;
        keyOffsets[i] = keysUsed;
        keyLengths[i] = len;
        keyHashes[i] = ByteTable.hash(db, buf, off, len);
        timestamps[i] = timestamp;
        clients[i] = client;
        details[i] = (byte) detail;
        units[i] = unit;
        commands[i] = (byte) command.ordinal();
        fromScript[i] = script;
        ttls[i] = ttl;
        lines[i] = line;
        latencies[i] = -1;
        textLengths[i] = -1;
        keysUsed += len;
        return true;
    }

    /**
     * Keeps the text of the last operation's line (at most {@code max} bytes), shared with the
     * operation before it when that came from the same line (a multi-key DEL).
     */
    public void keepLineText(byte[] buf, int off, int len, int max) {
        int i = size - 1;
        if (i > 0 && lines[i - 1] == lines[i] && textLengths[i - 1] >= 0) {
            textOffsets[i] = textOffsets[i - 1];
            textLengths[i] = textLengths[i - 1];
            return;
        }
        int n = Math.min(len, max);
        if (textsUsed + n > texts.length) {
            texts = Arrays.copyOf(texts, Math.max(texts.length * 2, textsUsed + n));
        }
        System.arraycopy(buf, off, texts, textsUsed, n);
        textOffsets[i] = textsUsed;
        textLengths[i] = n;
        textsUsed += n;
    }

    public KeyOpKind kind(int i) {
        return KeyOpKind.of(kinds[i]);
    }

    public int db(int i) {
        return dbs[i];
    }

    /** The arena holding every key of the batch; slice it with {@link #keyOffset} and {@link #keyLength}. */
    public byte[] keyBuffer() {
        return keys;
    }

    public int keyOffset(int i) {
        return keyOffsets[i];
    }

    public int keyLength(int i) {
        return keyLengths[i];
    }

    /** The arrays of dbs, key offsets, key lengths and key hashes, for batch lookups. */
    public int[] dbArray() {
        return dbs;
    }

    public int[] keyOffsetArray() {
        return keyOffsets;
    }

    public int[] keyLengthArray() {
        return keyLengths;
    }

    /**
     * Each operation's key id in the key table (or {@code ByteTable.FULL}), written by the
     * statistics stage and read by the detector stage after it.
     */
    public int[] keyIdArray() {
        return keyIds;
    }

    /** Each operation's key pattern id (-1 past the pattern limit, and for FLUSH), like {@link #keyIdArray()}. */
    public int[] patternIdArray() {
        return patternIds;
    }

    /** {@link ByteTable#hash} of each (db, key), computed by the producer so the consumer need not. */
    public int[] keyHashArray() {
        return keyHashes;
    }

    public long timestampMicros(int i) {
        return timestamps[i];
    }

    public int client(int i) {
        return clients[i];
    }

    /** The ordinal of the kind's detail: {@code FillMode}, {@code ExpireCondition} or {@code Invalidation}. */
    public int detail(int i) {
        return details[i];
    }

    /** {@link dev.stampededoctor.detectors.command.CacheCommand#unitId()}: non-zero inside one MULTI…EXEC or script run. */
    public int unit(int i) {
        return units[i];
    }

    /** The command that did this (DEL, UNLINK, PEXPIREAT, FLUSHALL…). */
    public CommandType command(int i) {
        return CommandType.of(commands[i]);
    }

    /** True when a script ({@code lua} line) did this. */
    public boolean fromScript(int i) {
        return fromScript[i];
    }

    /** The operation's line: {@code MonitorLine#lineId()} (input index and line number). */
    public long line(int i) {
        return lines[i];
    }

    /** For invalidations and flushes: the arena holding the line's text; slice it with {@link #textOffset}. */
    public byte[] textBuffer() {
        return texts;
    }

    public int textOffset(int i) {
        return textOffsets[i];
    }

    /** The length of the line's text kept for operation {@code i}, -1 when none was kept. */
    public int textLength(int i) {
        return textLengths[i];
    }

    /** Sets the last operation's request-to-reply time (µs). */
    public void setLatency(long micros) {
        latencies[size - 1] = (int) Math.min(Integer.MAX_VALUE, micros);
    }

    /** Request-to-reply time of operation {@code i}'s command in µs, -1 when not known. */
    public int latencyMicros(int i) {
        return latencies[i];
    }

    /** For FILL and TTL: the expiry instant or a {@code Ttl} sentinel. */
    public long ttl(int i) {
        return ttls[i];
    }
}
