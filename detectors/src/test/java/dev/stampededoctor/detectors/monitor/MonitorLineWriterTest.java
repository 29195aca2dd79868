package dev.stampededoctor.detectors.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MonitorLineWriterTest {
    private static final byte[] SOURCE = "127.0.0.1:50312".getBytes(StandardCharsets.US_ASCII);

    private static String text(MonitorLineWriter w) {
        return new String(w.buffer(), 0, w.length(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void writes_the_timestamp_db_and_source_as_monitor_does() {
        MonitorLineWriter w = new MonitorLineWriter();
        assertThat(text(w.begin(1_700_000_000_123_456L, 0, SOURCE).arg("GET")))
                .isEqualTo("1700000000.123456 [0 127.0.0.1:50312] \"GET\"");
        assertThat(text(w.begin(1_700_000_000_000_007L, 15, SOURCE)))
                .as("microseconds zero-padded to six digits").isEqualTo("1700000000.000007 [15 127.0.0.1:50312]");
        assertThat(text(w.begin(0, 0, SOURCE))).isEqualTo("0.000000 [0 127.0.0.1:50312]");
        assertThat(text(w.begin(-1, 0, SOURCE))).as("before the epoch, as floorDiv/floorMod give")
                .isEqualTo("-1.999999 [0 127.0.0.1:50312]");
    }

    @Test
    void quotes_as_sdscatrepr_does() {
        byte[] arg = {'a', '"', 'b', '\\', '\n', '\r', '\t', 7, 8, 0, 0x7f, (byte) 0xff, ' ', '~'};
        MonitorLineWriter w = new MonitorLineWriter().begin(1_700_000_000_000_000L, 0, SOURCE);
        w.arg(arg, 0, arg.length).arg(new byte[0], 0, 0);
        assertThat(text(w)).endsWith(" \"a\\\"b\\\\\\n\\r\\t\\a\\b\\x00\\x7f\\xff ~\" \"\"");
    }

    @Test
    void what_it_writes_parses_back_to_the_same_arguments() {
        Random random = new Random(19);
        MonitorLineWriter w = new MonitorLineWriter();
        MonitorLineParser parser = new MonitorLineParser();
        MonitorLine line = new MonitorLine();
        for (int round = 0; round < 2000; round++) {
            byte[][] args = new byte[1 + random.nextInt(4)][];
            long micros = 1_700_000_000_000_000L + random.nextInt(Integer.MAX_VALUE);
            int db = random.nextInt(16);
            w.begin(micros, db, SOURCE);
            for (int i = 0; i < args.length; i++) {
                args[i] = new byte[random.nextInt(40)];
                for (int j = 0; j < args[i].length; j++) {
                    // Mostly printable, some of every byte: runs of plain bytes between escapes.
                    args[i][j] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(95));
                }
                w.arg(args[i], 0, args[i].length);
            }
            assertThat(parser.parse(w.buffer(), 0, w.length(), line)).isEqualTo(LineVerdict.COMMAND);
            assertThat(line.timestampMicros()).isEqualTo(micros);
            assertThat(line.db()).isEqualTo(db);
            assertThat(line.argCount()).isEqualTo(args.length);
            for (int i = 0; i < args.length; i++) {
                assertThat(line.arg(i)).as("round %d argument %d: %s", round, i, text(w)).isEqualTo(args[i]);
            }
        }
    }
}
