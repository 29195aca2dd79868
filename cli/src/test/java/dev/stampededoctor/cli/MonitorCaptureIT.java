package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import dev.stampededoctor.detectors.monitor.LineVerdict;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.monitor.MonitorLineParser;
import dev.stampededoctor.detectors.monitor.SourceKind;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a real MONITOR capture from a real redis-server and checks the parser against what the
 * clients sent, byte for byte: every escape {@code sdscatrepr} produces, script ({@code lua})
 * lines, MULTI/EXEC, a non-zero db, unix-socket and IPv6 sources, microsecond timestamps. The
 * capture is recorded once; each test checks one aspect, so an unavailable sub-case (no unix
 * socket on a server we did not start, no {@code ::1}) skips alone.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorCaptureIT {
    private static final int MAX_LINES = 10_000;
    private static final int MAX_LINE_BYTES = 1 << 20;
    private static final long READ_DEADLINE_MILLIS = 15_000;
    private static final Pattern RAW_TIMESTAMP = Pattern.compile("^\\+(\\d+)\\.(\\d{6}) ");

    /** One command as the server must report it. */
    private record Sent(String source, SourceKind kind, int db, byte[][] args) {
    }

    /** One captured line after parsing, copied out of the parser's reused {@link MonitorLine}. */
    private record Parsed(byte[] raw, LineVerdict verdict, long timestampMicros, int db, SourceKind kind,
                          String source, List<byte[]> args) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final List<byte[]> rawLines = new ArrayList<>();
    private final List<Parsed> parsed = new ArrayList<>();
    private Path captureFile;
    private String unixSource;
    private String ipv6Source;
    private long startMicros;
    private long endMicros;

    // ---------------------------------------------------------------- the keys

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Keys exercising every way {@code sdscatrepr} escapes, and look-alikes that must not be decoded. */
    private static List<byte[]> awkwardKeys() {
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        return List.of(
                utf8("back\\slash"),
                utf8("quote\"d"),
                utf8("line\nfeed"),
                utf8("carriage\rreturn"),
                utf8("tab\tbed"),
                concat(utf8("bell"), bytes(0x07)),
                concat(utf8("backspace"), bytes(0x08)),
                bytes(0x00, 0x01, 0x7f, 0x80, 0xff),
                utf8("café"),
                utf8("emoji \uD83D\uDD25"),
                utf8("spaces and 'single' quotes"),
                utf8(""),
                utf8("\\x41 is not an escape"),
                utf8("ends with a backslash\\"),
                utf8("] \"looks like the end of a source"),
                utf8("\" \""),
                concat(utf8("mixed:\\\"\n\r\t"), bytes(0x07, 0x08, 0x00, 0x01, 0x7f, 0x80, 0xff), utf8(" café \uD83D\uDD25 'q'")),
                allBytes);
    }

    // ---------------------------------------------------------------- recording

    @BeforeAll
    void recordCapture(RedisServerHandle redis, @TempDir Path dir) throws Exception {
        String token = "sentinel-" + UUID.randomUUID();
        try (RespClient a = redis.connect();
             RespClient db2 = redis.connect();
             RespClient unix = redis.unixSocket() == null ? null : RespClient.unix(redis.unixSocket());
             RespClient v6 = ipv6Client(redis);
             Socket monitor = new Socket()) {
            String sourceA = clientAddr(a);
            String sourceDb2 = clientAddr(db2);
            if (unix != null) {
                unixSource = "unix:" + redis.unixSocket();
            }
            if (v6 != null) {
                int localPort = ((InetSocketAddress) v6.localAddress()).getPort();
                ipv6Source = "[::1]:" + localPort;
                assertThat(clientAddr(v6)).isEqualTo(ipv6Source);
            }

            monitor.connect(new InetSocketAddress(redis.host(), redis.port()), 5000);
            monitor.setSoTimeout(5000);
            OutputStream out = monitor.getOutputStream();
            InputStream in = new BufferedInputStream(monitor.getInputStream());
            out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] ok = readLine(in);
            assertThat(new String(ok, StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
            rawLines.add(ok);
            startMicros = System.currentTimeMillis() * 1000;

            // Plain commands with awkward keys and values.
            int n = 0;
            for (byte[] key : awkwardKeys()) {
                byte[] value = concat(utf8("value " + n++ + " of "), key);
                send(a, sourceA, 0, "OK", utf8("SET"), key, value);
                send(a, sourceA, 0, null, utf8("GET"), key);
            }
            send(a, sourceA, 0, null, utf8("MGET"), awkwardKeys().get(0), awkwardKeys().get(7), awkwardKeys().get(9));

            // A script: the EVAL line from the client, then its redis.call lines from "lua".
            byte[] script = utf8("redis.call('set', KEYS[1], ARGV[1])\nredis.call('del', KEYS[2])\nreturn 1");
            byte[] luaKey1 = concat(utf8("lua:one "), bytes(0x00, 0xff), utf8(" café"));
            byte[] luaKey2 = utf8("lua:two \"quoted\"");
            byte[] luaValue = concat(utf8("v\\\n"), bytes(0x07));
            send(a, sourceA, 0, 1L, utf8("EVAL"), script, utf8("2"), luaKey1, luaKey2, luaValue);
            sent.add(new Sent("lua", SourceKind.LUA, 0, new byte[][] {utf8("set"), luaKey1, luaValue}));
            sent.add(new Sent("lua", SourceKind.LUA, 0, new byte[][] {utf8("del"), luaKey2}));

            // A transaction: the server shows MULTI, the queued commands and EXEC together at EXEC.
            assertThat(a.call("MULTI")).isEqualTo("OK");
            assertThat(a.call("SET", "tx:key", "tx value")).isEqualTo("QUEUED");
            assertThat(a.call("DEL", "tx:key")).isEqualTo("QUEUED");
            assertThat(a.call("EXEC")).isEqualTo(List.of("OK", 1L));
            for (String[] cmd : new String[][] {{"MULTI"}, {"SET", "tx:key", "tx value"}, {"DEL", "tx:key"}, {"EXEC"}}) {
                sent.add(new Sent(sourceA, SourceKind.ADDRESS, 0, utf8All(cmd)));
            }

            // Another database. Redis feeds MONITOR after a command ran, so SELECT itself already
            // shows the new db (seen on 6.2.11 and 7.0.15).
            send(db2, sourceDb2, 2, "OK", utf8("SELECT"), utf8("2"));
            send(db2, sourceDb2, 2, "OK", utf8("SET"), utf8("db2:key"), utf8("in db 2"));
            send(db2, sourceDb2, 2, null, utf8("GET"), utf8("db2:key"));

            if (unix != null) {
                send(unix, unixSource, 0, "OK", utf8("SET"), utf8("via:unix"), utf8("socket"));
            }
            if (v6 != null) {
                send(v6, ipv6Source, 0, "OK", utf8("SET"), utf8("via:ipv6"), utf8("::1"));
            }

            send(a, sourceA, 0, null, utf8("ECHO"), utf8(token));
            endMicros = System.currentTimeMillis() * 1000;

            byte[] sentinel = utf8("\"ECHO\" \"" + token + "\"");
            long deadline = System.currentTimeMillis() + READ_DEADLINE_MILLIS;
            while (true) {
                assertThat(rawLines.size()).as("lines read before the sentinel").isLessThan(MAX_LINES);
                assertThat(System.currentTimeMillis()).as("time reading MONITOR").isLessThan(deadline);
                byte[] line = readLine(in);
                rawLines.add(line);
                if (indexOf(line, sentinel) >= 0) {
                    break;
                }
            }
        }

        captureFile = dir.resolve("monitor-capture.log");
        try (OutputStream file = Files.newOutputStream(captureFile)) {
            for (byte[] line : rawLines) {
                file.write(line);
            }
        }
        parseCapture();
    }

    private static RespClient ipv6Client(RedisServerHandle redis) throws IOException {
        return redis.ipv6Loopback() ? RespClient.tcp("::1", redis.port()) : null;
    }

    /** Sends a command, checks its reply when {@code reply} is not null, and records what MONITOR must show. */
    private void send(RespClient client, String source, int db, Object reply, byte[]... args) throws IOException {
        Object actual = client.call(args);
        if (reply != null) {
            assertThat(actual).as("reply to %s", show(args[0])).isEqualTo(reply);
        }
        assertThat(actual).isNotInstanceOf(RespClient.Error.class);
        sent.add(new Sent(source, kindOf(source), db, args));
    }

    private static SourceKind kindOf(String source) {
        return source.startsWith("unix:") ? SourceKind.UNIX : source.equals("lua") ? SourceKind.LUA : SourceKind.ADDRESS;
    }

    /** The connection's address as the server sees it (and MONITOR prints it), from CLIENT INFO. */
    private static String clientAddr(RespClient client) throws IOException {
        String info = client.callForText("CLIENT", "INFO");
        Matcher m = Pattern.compile("(?:^| )addr=(\\S+)").matcher(info);
        assertThat(m.find()).as("addr in CLIENT INFO: %s", info).isTrue();
        return m.group(1);
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() < MAX_LINE_BYTES) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("MONITOR connection closed");
            }
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        throw new IOException("MONITOR line longer than " + MAX_LINE_BYTES + " bytes");
    }

    private void parseCapture() {
        MonitorLineParser parser = new MonitorLineParser();
        MonitorLine line = new MonitorLine();
        for (byte[] raw : rawLines) {
            int end = raw.length;
            assertThat(raw[end - 1]).isEqualTo((byte) '\n');
            LineVerdict verdict = parser.parse(raw, 0, end - 1, line);
            if (verdict != LineVerdict.COMMAND) {
                parsed.add(new Parsed(raw, verdict, 0, -1, null, null, List.of()));
                continue;
            }
            List<byte[]> args = new ArrayList<>();
            for (int i = 0; i < line.argCount(); i++) {
                args.add(line.arg(i));
            }
            parsed.add(new Parsed(raw, verdict, line.timestampMicros(), line.db(), line.sourceKind(), line.source(), args));
        }
    }

    // ---------------------------------------------------------------- checks

    @Test
    void everyLineParsesToExactlyWhatTheClientsSent() {
        assertThat(parsed.get(0).verdict()).as("the +OK line").isEqualTo(LineVerdict.IGNORED);
        List<Parsed> commands = parsed.subList(1, parsed.size());
        for (Parsed p : commands) {
            assertThat(p.verdict()).as("verdict of %s", showRaw(p.raw())).isEqualTo(LineVerdict.COMMAND);
        }
        assertThat(commands).as("commands in the capture").hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Sent s = sent.get(i);
            Parsed p = commands.get(i);
            String where = "line " + (i + 2) + ": " + showRaw(p.raw());
            assertThat(p.source()).as(where).isEqualTo(s.source());
            assertThat(p.kind()).as(where).isEqualTo(s.kind());
            assertThat(p.db()).as(where).isEqualTo(s.db());
            assertThat(p.args()).as(where).hasSize(s.args().length);
            for (int k = 0; k < s.args().length; k++) {
                assertThat(p.args().get(k)).as("%s%nargument %d: expected %s, parsed %s", where, k,
                        show(s.args()[k]), show(p.args().get(k))).isEqualTo(s.args()[k]);
            }
        }
    }

    @Test
    void theRawLinesReallyContainEveryEscape() {
        // Guards the test itself: if the server stopped escaping, the byte-for-byte check would prove less.
        String all = new String(concat(rawLines.toArray(new byte[0][])), StandardCharsets.ISO_8859_1);
        for (String escape : List.of("\\\\", "\\\"", "\\n", "\\r", "\\t", "\\a", "\\b", "\\x00", "\\x01", "\\x7f",
                "\\x80", "\\xff", "caf\\xc3\\xa9", "\\xf0\\x9f\\x94\\xa5", "'single'", "\"\"")) {
            assertThat(all).as("capture contains %s", escape).contains(escape);
        }
    }

    @Test
    void commandsInDb2CarryDb2() {
        Parsed set = commandWithArgs("SET", "db2:key");
        assertThat(set.db()).isEqualTo(2);
        assertThat(commandWithArgs("SELECT", "2").db()).isEqualTo(2);
        assertThat(commandWithArgs("SET", "tx:key").db()).isZero();
    }

    @Test
    void scriptCommandsComeFromLuaAfterTheirEval() {
        int eval = indexOfCommand("EVAL");
        assertThat(parsed.get(eval).kind()).isEqualTo(SourceKind.ADDRESS);
        Parsed set = parsed.get(eval + 1);
        Parsed del = parsed.get(eval + 2);
        assertThat(new String(set.args().get(0), StandardCharsets.UTF_8)).isEqualTo("set");
        assertThat(new String(del.args().get(0), StandardCharsets.UTF_8)).isEqualTo("del");
        for (Parsed p : List.of(set, del)) {
            assertThat(p.kind()).as(showRaw(p.raw())).isEqualTo(SourceKind.LUA);
            assertThat(p.source()).isEqualTo("lua");
            assertThat(p.db()).isZero();
        }
    }

    @Test
    void unixSocketClientIsReportedAsUnix() {
        assumeTrue(unixSource != null, "the server has no unix socket we know of (not started by us)");
        Parsed p = commandWithArgs("SET", "via:unix");
        assertThat(p.kind()).isEqualTo(SourceKind.UNIX);
        assertThat(p.source()).isEqualTo(unixSource);
    }

    @Test
    void ipv6ClientIsReportedWithABracketedAddress() {
        assumeTrue(ipv6Source != null, "::1 is not available, or the server does not listen on it");
        Parsed p = commandWithArgs("SET", "via:ipv6");
        assertThat(p.kind()).isEqualTo(SourceKind.ADDRESS);
        assertThat(p.source()).isEqualTo(ipv6Source).startsWith("[::1]:");
    }

    @Test
    void timestampsHaveMicrosecondsAndNeverGoBack() {
        long previous = Long.MIN_VALUE;
        boolean sawSubMillisecond = false;
        for (Parsed p : parsed.subList(1, parsed.size())) {
            String raw = new String(p.raw(), StandardCharsets.ISO_8859_1);
            Matcher m = RAW_TIMESTAMP.matcher(raw);
            assertThat(m.find()).as("6-digit fraction in %s", showRaw(p.raw())).isTrue();
            long expected = Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2));
            assertThat(p.timestampMicros()).as(raw).isEqualTo(expected);
            assertThat(p.timestampMicros()).as("not before the previous line: %s", raw).isGreaterThanOrEqualTo(previous);
            // Within the recording window (with slack for clock granularity).
            assertThat(p.timestampMicros()).isBetween(startMicros - 2_000_000, endMicros + 2_000_000);
            sawSubMillisecond |= p.timestampMicros() % 1000 != 0;
            previous = p.timestampMicros();
        }
        assertThat(sawSubMillisecond).as("some timestamp has a non-zero microsecond part").isTrue();
    }

    @Test
    void theWholeCliAnalysesTheCapture() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "analyze", "--format", "json", captureFile.toString());
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.path("input").path("unparseable").asLong(-1)).as(out.toString()).isZero();
        assertThat(report.path("input").path("parsed").asLong(-1)).as("parsed").isEqualTo(sent.size());
        assertThat(report.path("stats").path("transactions").asLong(-1)).as("transactions").isGreaterThanOrEqualTo(1);
        assertThat(report.path("stats").path("scriptCalls").asLong(-1)).as("scriptCalls").isGreaterThanOrEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    private int indexOfCommand(String name) {
        for (int i = 1; i < parsed.size(); i++) {
            Parsed p = parsed.get(i);
            if (p.verdict() == LineVerdict.COMMAND && Arrays.equals(p.args().get(0), utf8(name))) {
                return i;
            }
        }
        throw new AssertionError("no " + name + " line in the capture");
    }

    private Parsed commandWithArgs(String name, String firstArg) {
        for (Parsed p : parsed) {
            if (p.verdict() == LineVerdict.COMMAND && p.args().size() > 1
                    && Arrays.equals(p.args().get(0), utf8(name)) && Arrays.equals(p.args().get(1), utf8(firstArg))) {
                return p;
            }
        }
        throw new AssertionError("no " + name + " " + firstArg + " line in the capture");
    }

    private static byte[][] utf8All(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            out[i] = utf8(args[i]);
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Bytes as a Java-like literal, readable in failure messages whatever they hold. */
    private static String show(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
    }

    private static String showRaw(byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
    }
}
