package dev.stampededoctor.detectors.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MonitorLineParserTest {
    private final MonitorLineParser parser = new MonitorLineParser();
    private final MonitorLine line = new MonitorLine();

    private LineVerdict parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return parser.parse(b, 0, b.length, line);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void parses_a_redis_cli_monitor_line() {
        assertThat(parse("1700000000.123456 [0 127.0.0.1:50312] \"SET\" \"user:1\" \"v\" \"EX\" \"60\""))
                .isEqualTo(LineVerdict.COMMAND);
        assertThat(line.timestampMicros()).isEqualTo(1_700_000_000_123_456L);
        assertThat(line.db()).isZero();
        assertThat(line.sourceKind()).isEqualTo(SourceKind.ADDRESS);
        assertThat(line.source()).isEqualTo("127.0.0.1:50312");
        assertThat(line.argCount()).isEqualTo(5);
        assertThat(new String(line.arg(1), StandardCharsets.UTF_8)).isEqualTo("user:1");
        assertThat(line.argAsLong(4)).isEqualTo(60);
    }

    @Test
    void accepts_the_raw_server_form_with_plus_and_crlf() {
        assertThat(parse("+1700000000.000001 [15 10.0.0.7:6000] \"GET\" \"k\"\r")).isEqualTo(LineVerdict.COMMAND);
        assertThat(line.timestampMicros()).isEqualTo(1_700_000_000_000_001L);
        assertThat(line.db()).isEqualTo(15);
        assertThat(line.arg(1)).isEqualTo(bytes('k'));
    }

    @Test
    void ignores_the_ok_line_and_blank_lines() {
        assertThat(parse("OK")).isEqualTo(LineVerdict.IGNORED);
        assertThat(parse("+OK\r")).isEqualTo(LineVerdict.IGNORED);
        assertThat(parse("")).isEqualTo(LineVerdict.IGNORED);
    }

    @Test
    void reads_ipv6_unix_and_lua_sources() {
        assertThat(parse("1.000000 [0 [::1]:6379] \"GET\" \"a\"")).isEqualTo(LineVerdict.COMMAND);
        assertThat(line.sourceKind()).isEqualTo(SourceKind.ADDRESS);
        assertThat(line.source()).isEqualTo("[::1]:6379");

        assertThat(parse("1.000000 [3 unix:/var/run/redis/redis.sock] \"DEL\" \"a\"")).isEqualTo(LineVerdict.COMMAND);
        assertThat(line.sourceKind()).isEqualTo(SourceKind.UNIX);
        assertThat(line.source()).isEqualTo("unix:/var/run/redis/redis.sock");
        assertThat(line.db()).isEqualTo(3);

        assertThat(parse("1.000000 [0 lua] \"del\" \"a\"")).isEqualTo(LineVerdict.COMMAND);
        assertThat(line.sourceKind()).isEqualTo(SourceKind.LUA);
    }

    @Test
    void reads_the_pre_2_6_db_form() {
        assertThat(parse("1339518083.107412 (db 4) \"keys\" \"*\"")).isEqualTo(LineVerdict.COMMAND);
        assertThat(line.db()).isEqualTo(4);
        assertThat(line.sourceKind()).isEqualTo(SourceKind.UNKNOWN);
        assertThat(line.arg(0)).isEqualTo("keys".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void decodes_every_escape_to_bytes() {
        assertThat(parse("1.5 [0 lua] \"SET\" \"a\\\\b\\\"c\\nd\\re\\tf\\ag\\bh\\x00\\x7f\\x80\\xff\\xc3\\xa9 'q'\""))
                .isEqualTo(LineVerdict.COMMAND);
        assertThat(line.arg(1)).isEqualTo(bytes('a', '\\', 'b', '"', 'c', '\n', 'd', '\r', 'e', '\t', 'f', 7, 'g', 8,
                'h', 0, 0x7f, 0x80, 0xff, 0xc3, 0xa9, ' ', '\'', 'q', '\''));
        assertThat(line.timestampMicros()).isEqualTo(1_500_000L);
    }

    @Test
    void keeps_empty_arguments() {
        assertThat(parse("1.000000 [0 1.2.3.4:5] \"SET\" \"\" \"\"")).isEqualTo(LineVerdict.COMMAND);
        assertThat(line.argCount()).isEqualTo(3);
        assertThat(line.argLength(1)).isZero();
    }

    @Test
    void an_argument_may_contain_the_source_terminator() {
        assertThat(parse("1.000000 [0 1.2.3.4:5] \"GET\" \"x] \\\"y\"")).isEqualTo(LineVerdict.COMMAND);
        assertThat(line.source()).isEqualTo("1.2.3.4:5");
        assertThat(line.arg(1)).isEqualTo("x] \"y".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void grows_for_many_and_long_arguments() {
        StringBuilder sb = new StringBuilder("1.000000 [0 1.2.3.4:5] \"MGET\"");
        for (int i = 0; i < 100; i++) {
            sb.append(" \"key").append(i).append("-").append("x".repeat(50)).append('"');
        }
        assertThat(parse(sb.toString())).isEqualTo(LineVerdict.COMMAND);
        assertThat(line.argCount()).isEqualTo(101);
        assertThat(new String(line.arg(100), StandardCharsets.US_ASCII)).isEqualTo("key99-" + "x".repeat(50));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "garbage                                       | BAD_TIMESTAMP",
        "1700000000 [0 1.2.3.4:5] \"GET\" \"k\"        | BAD_TIMESTAMP",
        "1700000000.12x [0 1.2.3.4:5] \"GET\"          | BAD_TIMESTAMP",
        "1700000000.123456 0 1.2.3.4:5] \"GET\"        | BAD_DB",
        "1700000000.123456 [x 1.2.3.4:5] \"GET\"       | BAD_DB",
        "1700000000.123456 [0 1.2.3.4:5]               | BAD_DB",
        "1700000000.123456 [0 1.2.3.4:5] GET           | BAD_DB",
        "1700000000.123456 [0 1.2.3.4:5] \"GET\" k     | BAD_ARGUMENT",
        "1700000000.123456 [0 1.2.3.4:5] \"GET\"  \"k\" | BAD_ARGUMENT",
        "1700000000.123456 [0 1.2.3.4:5] \"GET\" \"k   | UNTERMINATED",
        "1700000000.123456 [0 1.2.3.4:5] \"GET\" \"k\\ | UNTERMINATED",
        "1700000000.123456 [0 1.2.3.4:5] \"GET\" \"\\q\" | BAD_ESCAPE",
        "1700000000.123456 [0 1.2.3.4:5] \"GET\" \"\\xzz\" | BAD_ESCAPE",
        "1339518083.107412 (db x) \"keys\"             | BAD_DB",
    })
    void rejects_malformed_lines_with_a_reason(String text, LineVerdict expected) {
        assertThat(parse(text.strip())).isEqualTo(expected);
        assertThat(expected.reason()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 0x1b, 0x7f, 0x80, 0xff})
    void rejects_binary_junk_without_throwing(int fill) {
        byte[] junk = new byte[4096];
        java.util.Arrays.fill(junk, (byte) fill);
        assertThat(parser.parse(junk, 0, junk.length, line).isMalformed()).isTrue();
    }

    @Test
    void reads_fewer_than_six_fraction_digits_as_microseconds() {
        assertThat(parse("1700000000.5 [0 1.2.3.4:5] \"GET\" \"k\"")).isEqualTo(LineVerdict.COMMAND);
        assertThat(line.timestampMicros()).isEqualTo(1_700_000_000_500_000L);
    }

    @Test
    void parses_a_slice_of_a_larger_buffer() {
        byte[] b = "xx1.000001 [0 lua] \"GET\" \"k\"yy".getBytes(StandardCharsets.US_ASCII);
        assertThat(parser.parse(b, 2, b.length - 2, line)).isEqualTo(LineVerdict.COMMAND);
        assertThat(line.arg(1)).isEqualTo(bytes('k'));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // the ten-digit form read a word at a time, and its neighbours read byte by byte
        "1700000000.000001 [0 a:1] \"PING\"|1700000000000001",
        "1999999999.999999 [0 a:1] \"PING\"|1999999999999999",
        "1000000000.100000 [0 a:1] \"PING\"|1000000000100000",
        "999999999.123456 [0 a:1] \"PING\"|999999999123456",
        "17000000000.123456 [0 a:1] \"PING\"|17000000000123456",
        "1700000000.12345 [0 a:1] \"PING\"|1700000000123450",
        "1700000000.1234567 [0 a:1] \"PING\"|-1",
        "170000000a.123456 [0 a:1] \"PING\"|-1",
        "1700000000.12345a [0 a:1] \"PING\"|-1",
        "1700000000:123456 [0 a:1] \"PING\"|-1",
        "1700000/00.123456 [0 a:1] \"PING\"|-1",
        "17000000:0.123456 [0 a:1] \"PING\"|-1",
    })
    void reads_timestamps_to_the_microsecond(String text, long micros) {
        LineVerdict verdict = parse(text);
        if (micros < 0) {
            assertThat(verdict).isEqualTo(LineVerdict.BAD_TIMESTAMP);
        } else {
            assertThat(verdict).isEqualTo(LineVerdict.COMMAND);
            assertThat(line.timestampMicros()).isEqualTo(micros);
        }
    }

    @Test
    void decodes_long_arguments_with_escapes_at_every_position_of_a_word() {
        // Escapes and quotes land at each offset within the eight-byte words the parser copies.
        for (int pad = 0; pad < 17; pad++) {
            String padding = "x".repeat(pad);
            String text = "1700000000.123456 [0 127.0.0.1:1] \"SET\" \"" + padding + "\\x41\\\"\\\\" + padding
                    + "\" \"" + padding + "\"";
            assertThat(parse(text)).as("pad %d", pad).isEqualTo(LineVerdict.COMMAND);
            assertThat(new String(line.arg(1), StandardCharsets.ISO_8859_1)).isEqualTo(padding + "A\"\\" + padding);
            assertThat(new String(line.arg(2), StandardCharsets.ISO_8859_1)).isEqualTo(padding);
        }
    }

    @Test
    void finds_the_end_of_long_sources_holding_brackets() {
        String source = "unix:/var/run/a]b/redis-server-with-a-long-name.sock";
        assertThat(parse("1700000000.123456 [3 " + source + "] \"GET\" \"k\"")).isEqualTo(LineVerdict.COMMAND);
        assertThat(line.source()).isEqualTo(source);
        assertThat(line.db()).isEqualTo(3);
        assertThat(parse("1700000000.123456 [3 " + source + " \"GET\" \"k\"")).isEqualTo(LineVerdict.BAD_DB);
    }
}
