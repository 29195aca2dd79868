package dev.stampededoctor.detectors.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Report;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replica's MONITOR: every write comes from the master's link, expiries as a single-key DEL in
 * capitals. With the link known, such a DEL is a TTL trigger unless the key's TTL, as the capture
 * saw it, ends later (a client deleted it on the master); a lowercase or multi-key DEL is a client's.
 */
class ReplicaExpiryTest {
    private static final String MASTER = "127.0.0.1:6401";
    private static final long T0 = 1_800_000_000_000_000L;

    private static String line(long micros, String client, String... args) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d.%06d [0 %s]", micros / 1_000_000,
                micros % 1_000_000, client));
        for (String a : args) {
            b.append(" \"").append(a).append('"');
        }
        return b.append('\n').toString();
    }

    /** Readers hit {@code key} from {@code from}; {@code delete} removes it; six readers miss and the master refills it. */
    private static void episode(StringBuilder b, long from, String key, String[] delete) {
        for (int i = 0; i < 30; i++) {
            b.append(line(from + i * 5_000, "10.0.0." + (1 + i % 6) + ":5000", "GET", key));
        }
        long at = from + 200_000;
        String[] del = new String[delete.length + 1];
        System.arraycopy(delete, 0, del, 0, delete.length);
        del[delete.length] = key;
        b.append(line(at, MASTER, del));
        for (int i = 0; i < 6; i++) {
            b.append(line(at + 1_000 + i * 200, "10.0.0." + (1 + i) + ":5000", "GET", key));
        }
        for (int i = 0; i < 6; i++) {
            b.append(line(at + 40_000 + i * 1_000, MASTER, "SET", key, "v", "PXAT", String.valueOf((T0 + 600_000_000) / 1000)));
        }
        for (int i = 0; i < 10; i++) {
            b.append(line(at + 60_000 + i * 5_000, "10.0.0.1:5000", "GET", key));
        }
    }

    private static Map<String, String> kinds(String capture, String masterLink) throws IOException {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults().withReplica(true));
        analyzer.masterLink(masterLink);
        analyzer.read("replica.log", new ByteArrayInputStream(capture.getBytes(StandardCharsets.UTF_8)));
        Report r = analyzer.report();
        Map<String, String> out = new HashMap<>();
        for (CacheEvent e : r.events()) {
            out.put(e.key(), e.kind());
        }
        return out;
    }

    @Test
    void the_masters_expiry_form_is_a_ttl_trigger_unless_the_key_lived_on() throws IOException {
        StringBuilder b = new StringBuilder("OK\n");
        // due: the capture saw its TTL end just before the master's DEL
        b.append(line(T0, MASTER, "SET", "page:due", "v", "PXAT", String.valueOf((T0 + 1_150_000) / 1000)));
        episode(b, T0 + 1_000_000, "page:due", new String[] {"DEL"});
        // unseen: set before the capture began, its TTL never seen
        episode(b, T0 + 3_000_000, "page:unseen", new String[] {"DEL"});
        // lived on: its TTL ends in ten minutes, so this DEL was a client's on the master
        b.append(line(T0 + 4_900_000, MASTER, "SET", "page:livedon", "v", "PXAT", String.valueOf((T0 + 600_000_000) / 1000)));
        episode(b, T0 + 5_000_000, "page:livedon", new String[] {"DEL"});
        // a client's lowercase del, and lazyfree's UNLINK
        episode(b, T0 + 7_000_000, "page:lower", new String[] {"del"});
        episode(b, T0 + 9_000_000, "page:unlink", new String[] {"UNLINK"});
        String capture = b.toString();

        Map<String, String> withLink = kinds(capture, MASTER);
        assertThat(withLink).containsEntry("page:due", "ttl-herd").containsEntry("page:unseen", "ttl-herd")
                .containsEntry("page:unlink", "ttl-herd").containsEntry("page:livedon", "invalidation-stampede")
                .containsEntry("page:lower", "invalidation-stampede");

        Map<String, String> without = kinds(capture, null);
        assertThat(without).as("without the link, only the due key's TTL tells")
                .containsEntry("page:due", "ttl-herd").containsEntry("page:unseen", "invalidation-stampede")
                .containsEntry("page:unlink", "invalidation-stampede");
    }
}
