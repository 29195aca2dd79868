package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.command.CacheCommand;
import dev.stampededoctor.detectors.keys.KeyText;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import java.util.HashMap;
import java.util.Map;

/**
 * The script calls (EVAL, EVALSHA, FCALL and their read-only forms) that named each key among
 * their KEYS: the last {@link #PER_KEY} per key, in an array that grows as a key's calls come (most
 * keys have one). A packet capture shows a script's call, not the commands it
 * runs, so a stampede whose trigger it does not show may have been a script's DEL: this is what
 * says which script ran on the key just before. Fed on the reading thread; read once reading ended.
 */
public final class ScriptCalls {
    /** Keys followed at most; past it calls on new keys are not kept (a rate limiter's per-user keys). */
    static final int MAX_KEYS = 100_000;
    /** Calls kept per key at most, the latest: an episode's first miss is looked up once reading ended. */
    static final int PER_KEY = 32;

    /** One call: when, the command's name, the client's id, the input it came from. */
    public record Call(long at, String command, int clientId, int input) {
    }

    private final Map<String, Call[]> byKey = new HashMap<>();

    /** Keeps {@code cmd} when it is a script call naming keys. */
    public void record(CacheCommand cmd, MonitorLine line) {
        if (!cmd.type().isScript() || cmd.fromScript() || line.argCount() < 3) {
            return;
        }
        long n = line.argAsLong(2);
        int keys = n < 0 ? 0 : (int) Math.min(n, line.argCount());
        String name = new String(cmd.type().nameBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 3; i < Math.min(line.argCount(), 3 + keys); i++) {
            String key = name(line.db(), KeyText.display(line.argBuffer(), line.argOffset(i), line.argLength(i)));
            Call[] calls = byKey.get(key);
            if (calls == null) {
                if (byKey.size() >= MAX_KEYS) {
                    continue;
                }
                calls = new Call[1];
                byKey.put(key, calls);
            } else if (calls[calls.length - 1] != null && calls.length < PER_KEY) {
                calls = java.util.Arrays.copyOf(calls, Math.min(PER_KEY, calls.length * 2));
                byKey.put(key, calls);
            }
            System.arraycopy(calls, 0, calls, 1, calls.length - 1);
            calls[0] = new Call(line.timestampMicros(), name, cmd.clientId(), line.input());
        }
    }

    /**
     * The latest call naming {@code key} (as reports show it) in db {@code db} at or before
     * {@code at}, from an input {@code inputs} accepts, or null.
     */
    public Call before(int db, String key, long at, java.util.function.IntPredicate inputs) {
        Call[] calls = byKey.get(name(db, key));
        if (calls == null) {
            return null;
        }
        for (Call c : calls) {
            if (c != null && c.at() <= at && inputs.test(c.input())) {
                return c;
            }
        }
        return null;
    }

    private static String name(int db, String key) {
        return db + " " + key;
    }
}
