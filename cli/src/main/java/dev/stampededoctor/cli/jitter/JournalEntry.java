package dev.stampededoctor.cli.jitter;

import java.util.Base64;

/**
 * One line of a jitter journal: in {@code db}, {@code key} (base64 of its bytes: lossless) had
 * {@code ttlMs} left at {@code at} (epoch ms) and was about to get {@code newTtlMs}.
 * {@code keyText} is for people only.
 */
public record JournalEntry(int db, String key, String keyText, long ttlMs, long newTtlMs, long at) {

    public byte[] keyBytes() {
        return Base64.getDecoder().decode(key);
    }
}
