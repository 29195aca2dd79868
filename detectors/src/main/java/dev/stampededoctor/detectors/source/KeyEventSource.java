package dev.stampededoctor.detectors.source;

import dev.stampededoctor.detectors.monitor.LineSplitter;
import dev.stampededoctor.detectors.monitor.LineVerdict;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.monitor.MonitorLineParser;
import dev.stampededoctor.detectors.monitor.MonitorLineWriter;
import dev.stampededoctor.detectors.resp.ReplyKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keyspace events ({@code __keyevent@<db>__:<event>}, as {@code scan --source events} records
 * them: {@link #HEADER}, then one MONITOR-shaped line per event, its command the event's name)
 * as the commands they stand for:
 *
 * <pre>
 * keymiss k   → GET k, replied nil: an exact miss
 * del k       → DEL k (UNLINK and an EXPIRE in the past send del too)
 * expired k   → PEXPIREAT k &lt;the next millisecond&gt;: the key's TTL ran out (Redis sends it
 *               when it deletes the key, on access or in its expire cycle: later than the TTL)
 * set k       → SET k, hset k → HSET k: a fill (its TTL is not in the event)
 * </pre>
 *
 * Other events (expire, evicted, new, hdel…) carry no cache meaning the detectors can use and are
 * counted as ignored. What events cannot show (reads that hit, clients, TTLs) the report says.
 */
public final class KeyEventSource {
    /** The first line of a recorded keyspace-event stream. */
    public static final String HEADER = "# stampede-doctor keyspace events";
    /** The source every event's command names: events do not say which client caused them. */
    public static final String SOURCE = "keyspace-events";

    private static final byte[] SOURCE_BYTES = SOURCE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MISS = {0, (byte) ReplyKind.MISS.ordinal()};

    private final MonitorLineParser parser = new MonitorLineParser();
    private final MonitorLine event = new MonitorLine();
    private final MonitorLine command = new MonitorLine();
    private final MonitorLineWriter writer = new MonitorLineWriter();
    private final int maxLineBytes;

    public KeyEventSource(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Writes one event as a line of the recorded stream (without its line end). */
    public static void write(MonitorLineWriter out, long micros, int db, String eventName, byte[] key) {
        out.begin(micros, db, SOURCE_BYTES).arg(eventName).arg(key, 0, key.length);
    }

    /** Reads {@code in} to its end as input number {@code input}; returns the number of lines. */
    public long read(InputStream in, int input, CommandSink sink) throws IOException {
        return new LineSplitter(maxLineBytes).split(in, new LineSplitter.Handler() {
            @Override
            public void line(byte[] buf, int start, int end, long lineNumber) {
                if (end - start >= 1 && buf[start] == '#') {
                    sink.ignored(); // the header
                    return;
                }
                LineVerdict verdict = parser.parse(buf, start, end, event);
                if (verdict == LineVerdict.IGNORED) {
                    sink.ignored();
                    return;
                }
                if (verdict != LineVerdict.COMMAND || event.argCount() != 2) {
                    sink.malformed(lineNumber, verdict.isMalformed() ? verdict.reason() : "not an event and a key",
                            buf, start, end);
                    return;
                }
                if (!translate()) {
                    sink.ignored();
                    return;
                }
                command.position(input, lineNumber);
                if (parser.parse(writer.buffer(), 0, writer.length(), command) != LineVerdict.COMMAND) {
                    sink.malformed(lineNumber, "not an event and a key", buf, start, end);
                    return;
                }
                if (event.argEqualsIgnoreCase(0, KEYMISS)) {
                    command.setReply(MISS, -1);
                }
                sink.command(command);
            }

            @Override
            public void tooLong(byte[] buf, int start, int end, long lineNumber) {
                sink.malformed(lineNumber, LineVerdict.TOO_LONG.reason() + " (" + maxLineBytes + " bytes)", buf, start,
                        end);
            }
        });
    }

    private static final byte[] KEYMISS = ascii("KEYMISS");
    private static final byte[] DEL = ascii("DEL");
    private static final byte[] EXPIRED = ascii("EXPIRED");
    private static final byte[] SET = ascii("SET");
    private static final byte[] HSET = ascii("HSET");

    /** The command the event stands for, into {@link #writer}; false for events without one. */
    private boolean translate() {
        long at = event.timestampMicros();
        byte[] args = event.argBuffer();
        int keyOff = event.argOffset(1);
        int keyLen = event.argLength(1);
        writer.begin(at, event.db(), SOURCE_BYTES);
        if (event.argEqualsIgnoreCase(0, KEYMISS)) {
            writer.arg("GET").arg(args, keyOff, keyLen);
        } else if (event.argEqualsIgnoreCase(0, DEL)) {
            writer.arg("DEL").arg(args, keyOff, keyLen);
        } else if (event.argEqualsIgnoreCase(0, EXPIRED)) {
            // The next millisecond: an expiry in the past would be a deletion (Redis's own rule for
            // EXPIRE), this is a TTL running out; the read that finds it gone marks the instant.
            writer.arg("PEXPIREAT").arg(args, keyOff, keyLen).arg(Long.toString(Math.floorDiv(at, 1000L) + 1));
        } else if (event.argEqualsIgnoreCase(0, SET)) {
            writer.arg("SET").arg(args, keyOff, keyLen).arg("?");
        } else if (event.argEqualsIgnoreCase(0, HSET)) {
            writer.arg("HSET").arg(args, keyOff, keyLen).arg("?").arg("?");
        } else {
            return false;
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
