package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.ops.KeyOps;
import java.util.Arrays;

/**
 * The text of the most recent invalidation and flush lines, so that an episode can quote its
 * trigger as the capture wrote it. An episode opens at the first miss after its trigger, usually
 * within milliseconds; the ring keeps the last {@link #SLOTS} lines, up to
 * {@code KeyOpRecorder.MAX_LINE_TEXT} bytes each (about 1 MB at most). A trigger older than that
 * is quoted as the command rebuilt (see the report's {@code trigger.line}).
 */
final class TriggerLines {
    static final int SLOTS = 1024;

    private final long[] ids = new long[SLOTS];
    private final byte[][] texts = new byte[SLOTS][];
    private final int[] lengths = new int[SLOTS];
    private long lastId = -1;

    TriggerLines() {
        Arrays.fill(ids, -1);
    }

    /** Keeps operation {@code i}'s line text when it has one and it is not kept yet. */
    void keep(KeyOps ops, int i) {
        int len = ops.textLength(i);
        long id = ops.line(i);
        if (len < 0 || id == lastId) {
            return;
        }
        lastId = id;
        int slot = slot(id);
        byte[] t = texts[slot];
        if (t == null || t.length < len) {
            t = texts[slot] = new byte[Math.max(len, 128)];
        }
        System.arraycopy(ops.textBuffer(), ops.textOffset(i), t, 0, len);
        ids[slot] = id;
        lengths[slot] = len;
    }

    /** The text of line {@code id}, or null when it is no longer (or never was) kept. */
    byte[] text(long id) {
        int slot = slot(id);
        return ids[slot] == id ? Arrays.copyOf(texts[slot], lengths[slot]) : null;
    }

    private static int slot(long id) {
        return (int) ((id ^ (id >>> 40) * 0x9E3779B9L) & (SLOTS - 1));
    }
}
