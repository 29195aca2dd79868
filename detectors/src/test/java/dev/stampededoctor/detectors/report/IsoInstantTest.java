package dev.stampededoctor.detectors.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written instants against java.time's own text, from year 0 to past 9999. */
class IsoInstantTest {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static String javaTimeMicros(long micros) {
        String whole = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)).toString();
        return whole.substring(0, whole.length() - 1) + String.format(".%06dZ", Math.floorMod(micros, 1_000_000L));
    }

    @Test
    void writes_what_java_time_writes() {
        long[] edges = {0, -1, 1, 999_999, 1_000_000, 1_795_508_800_568_247L, -62_167_219_200_000_000L,
            -62_167_219_200_000_001L, 253_402_300_799_999_999L, 253_402_300_800_000_000L, 951_782_400_000_000L,
            4_107_542_399_999_999L};
        for (long micros : edges) {
            assertThat(TimeSpan.iso(micros)).as("%d µs", micros).isEqualTo(javaTimeMicros(micros));
            long millis = Math.floorDiv(micros, 1000L);
            assertThat(IsoInstant.ofMillis(millis)).as("%d ms", millis).isEqualTo(MILLIS.format(Instant.ofEpochMilli(millis)));
        }
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            long micros = random.nextLong() % 400_000_000_000_000_000L; // years about -10700 to 14600
            assertThat(TimeSpan.iso(micros)).isEqualTo(javaTimeMicros(micros));
            long millis = micros / 1000;
            assertThat(IsoInstant.ofMillis(millis)).isEqualTo(MILLIS.format(Instant.ofEpochMilli(millis)));
        }
    }

    @Test
    void leaves_years_past_9999_and_before_0_to_java_time() {
        assertThat(IsoInstant.format(253_402_300_800L, 0, 3)).isNull();
        assertThat(IsoInstant.format(-62_167_219_201L, 0, 3)).isNull();
        assertThat(IsoInstant.format(-62_167_219_200L, 0, 3)).isEqualTo("0000-01-01T00:00:00.000Z");
    }
}
