package dev.stampededoctor.cli.servers;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's key-to-slot function, written out here so tests can predict which node owns a
 * key without asking the server: CRC16-XMODEM (polynomial 0x1021, initial value 0) of the key, or
 * of its hash tag, modulo 16384.
 */
public final class KeySlots {
    /** Number of hash slots in every Redis Cluster. */
    public static final int SLOTS = 16384;

    private KeySlots() {
    }

    public static int slot(String key) {
        return slot(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The slot of {@code key}. A hash tag is the part between the first {@code {} and the first
     * {@code }} after it, used only when it is not empty: {@code {user1}.a} and {@code {user1}.b}
     * share a slot, {@code {}x} hashes whole.
     */
    public static int slot(byte[] key) {
        int open = indexOf(key, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(key, (byte) '}', open + 1);
            if (close > open + 1) {
                return crc16(key, open + 1, close) & (SLOTS - 1);
            }
        }
        return crc16(key, 0, key.length) & (SLOTS - 1);
    }

    /** CRC16-XMODEM of {@code bytes[from, to)}, bit by bit: slow, but obviously the textbook definition. */
    static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (bytes[i] & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xffff;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
