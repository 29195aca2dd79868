package dev.stampededoctor.detectors.stats;

import dev.stampededoctor.detectors.command.CommandType;
import dev.stampededoctor.detectors.keys.ByteTable;
import dev.stampededoctor.detectors.keys.InternCache;
import dev.stampededoctor.detectors.keys.KeyText;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How often each command name appeared. Known commands are counted by type; other names are
 * interned up to a limit (a garbage capture must not grow the table without end), after which
 * they are counted together as {@code (other)}.
 */
public final class CommandCounts {
    private static final int MAX_OTHER_NAMES = 512;

    private final long[] byType = new long[CommandType.values().length];
    private final ByteTable otherNames = new ByteTable(MAX_OTHER_NAMES);
    private final InternCache recentNames = new InternCache(otherNames);
    private long[] otherCounts = new long[64];
    private long overflow;
    private long scriptCalls;
    private long transactions;

    /** EVAL, EVALSHA, FCALL and their read-only forms, as run by clients. */
    public long scriptCalls() {
        return scriptCalls;
    }

    /** EXEC commands: each is one transaction that ran. */
    public long transactions() {
        return transactions;
    }

    /** Commands the cache model does not interpret. */
    public long otherCommands() {
        return Arrays.stream(otherCounts).sum() + overflow;
    }

    public void count(CommandType type, MonitorLine line) {
        if (type.isScript()) {
            scriptCalls++;
        } else if (type == CommandType.EXEC) {
            transactions++;
        }
        if (type != CommandType.OTHER) {
            byType[type.ordinal()]++;
            return;
        }
        int id = recentNames.intern(line.argBuffer(), line.argOffset(0), line.argLength(0));
        if (id == ByteTable.FULL) {
            overflow++;
            return;
        }
        if (id >= otherCounts.length) {
            otherCounts = Arrays.copyOf(otherCounts, otherCounts.length * 2);
        }
        otherCounts[id]++;
    }

    /** Upper-cased command names, most frequent first (names as displayed keys; ties by name). */
    public Map<String, Long> byName() {
        Map<String, Long> merged = new LinkedHashMap<>();
        for (CommandType type : CommandType.values()) {
            if (type != CommandType.OTHER && byType[type.ordinal()] > 0) {
                merged.put(type.name(), byType[type.ordinal()]);
            }
        }
        for (int id = 0; id < otherNames.size(); id++) {
            String name = KeyText.display(otherNames.bytes(id)).toUpperCase(Locale.ROOT);
            merged.merge(name, otherCounts[id], Long::sum);
        }
        if (overflow > 0) {
            merged.merge("(other)", overflow, Long::sum);
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(merged.entrySet());
        entries.sort((a, b) -> {
            int c = b.getValue().compareTo(a.getValue());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        Map<String, Long> sorted = new LinkedHashMap<>();
        entries.forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
