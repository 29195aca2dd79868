package dev.stampededoctor.detectors.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Evidence;
import dev.stampededoctor.detectors.report.Trigger;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbCorrelatorTest {
    private static final long T = 1_800_000_000_000_000L; // the trigger, epoch µs
    private static final String REBUILD = "SELECT body FROM pages WHERE id = 42";
    private static final String OTHER = "SELECT count(*) FROM orders";

    private static CacheEvent event(double durationMs) {
        Trigger trigger = new Trigger("invalidation", "DEL", BigDecimal.valueOf(T).movePointLeft(6), "t", "c", "c", false, "l");
        Evidence evidence = new Evidence(List.of(), 8, 1, List.of(), List.of(), 8, 40.0, 8, durationMs, 0, null, null);
        return new CacheEvent(CacheEvent.INVALIDATION_STAMPEDE, "page:42", "page:*", 0, trigger, 8, "inferred", 8, null, 0.9, evidence,
                List.of());
    }

    private static DbSample sample(long atMillisFromTrigger, int rebuilds, int others) {
        List<DbSample.Row> rows = new ArrayList<>();
        for (int i = 0; i < rebuilds; i++) {
            rows.add(new DbSample.Row(100 + i, null, REBUILD.replace("42", String.valueOf(40 + i)),
                    T + 5_000 + i * 1_000L));
        }
        for (int i = 0; i < others; i++) {
            rows.add(new DbSample.Row(200 + i, 77L, OTHER, T - 10_000_000));
        }
        return new DbSample(T + atMillisFromTrigger * 1000, rows);
    }

    @Test
    void the_group_that_rises_after_the_trigger_is_the_correlation() {
        List<DbSample> samples = List.of(sample(-1_500, 0, 2), sample(-500, 0, 2), sample(10, 3, 2), sample(40, 8, 2),
                sample(80, 8, 2), sample(400, 0, 2));
        CacheEvent e = new DbCorrelator(samples, 3).correlate(event(60));
        DbCorrelation c = e.dbCorrelation();
        assertThat(c).isNotNull();
        assertThat(c.query()).isEqualTo("select body from pages where id=?");
        assertThat(c.queryId()).isNull();
        assertThat(c.peakConcurrent()).isEqualTo(8);
        assertThat(c.baselineConcurrent()).isZero();
        assertThat(c.queriesStarted()).isEqualTo(8);
        assertThat(c.lagMs()).isEqualTo(5.0);
    }

    @Test
    void steady_load_is_no_correlation_and_a_burst_without_a_trigger_is_reported() {
        List<DbSample> steady = List.of(sample(-1_500, 0, 3), sample(-500, 0, 3), sample(100, 0, 3), sample(200, 0, 3));
        assertThat(new DbCorrelator(steady, 3).correlate(event(60)).dbCorrelation()).isNull();

        // 5 s after the event's window: 4 identical queries at once, then gone.
        List<DbSample> later = List.of(sample(8_000, 4, 0), sample(8_100, 5, 0), sample(8_200, 0, 0));
        List<DbBurst> bursts = new DbCorrelator(later, 3).bursts(List.of(event(60)));
        assertThat(bursts).hasSize(1);
        assertThat(bursts.get(0).peakConcurrent()).isEqualTo(5);
        assertThat(bursts.get(0).query()).isEqualTo("select body from pages where id=?");
        assertThat(new DbCorrelator(later.subList(0, 1), 3).bursts(List.of(event(60_000)))).isEmpty();
    }

    @Test
    void fingerprints_ignore_literals_case_and_spacing() {
        assertThat(QueryFingerprint.of("SELECT * FROM t WHERE id = 42 AND name = 'O''Brien'"))
                .isEqualTo(QueryFingerprint.of("select *  from t\n where id=7 and name='x'"))
                .isEqualTo("select*from t where id=? and name=?");
        assertThat(QueryFingerprint.of("SELECT body, pg_sleep($1) FROM t2 WHERE id = $2"))
                .isEqualTo("select body,pg_sleep(?)from t2 where id=?");
    }
}
