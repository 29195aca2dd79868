package dev.stampededoctor.detectors.keys;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Whether a key's name says it is a lock: "lock" or "mutex" as a word of it. */
public final class LockNames {
    private LockNames() {
    }

    /** {@code cache~lock}, {@code lock:user:1}, {@code user:1.mutex}; not {@code blocked:list}. */
    public static boolean isLockName(byte[] key) {
        String name = new String(key, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (String word : name.split("[^a-z0-9]+")) {
            if (word.equals("lock") || word.equals("locks") || word.equals("mutex") || word.equals("lck")) {
                return true;
            }
        }
        return false;
    }
}
