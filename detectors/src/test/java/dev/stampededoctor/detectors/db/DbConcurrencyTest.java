package dev.stampededoctor.detectors.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.report.TrafficTimeline;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbConcurrencyTest {

    private static DbSample sample(long at, int active) {
        List<DbSample.Row> rows = new ArrayList<>();
        for (int i = 0; i < active; i++) {
            rows.add(new DbSample.Row(100 + i, null, "select 1", at));
        }
        return new DbSample(at, rows);
    }

    @Test
    void lines_up_with_the_capture_timeline_keeps_the_last_count_between_samples_and_marks_what_no_sample_covers() {
        TrafficTimeline grid = new TrafficTimeline(10, BigDecimal.valueOf(1_000_000, 6), new long[6], new long[6], new long[6]);
        DbConcurrency c = DbConcurrency.of(List.of(sample(1_015_000, 2), sample(1_017_000, 5), sample(1_035_000, 1)), grid);
        assertThat(c.bucketMs()).isEqualTo(10.0);
        assertThat(c.start()).isEqualByComparingTo("1.0");
        // bucket 0: before the first sample; 1: peak of two samples; 2: carried; 3: the last sample; 4-5: after it.
        assertThat(c.activeQueries()).containsExactly(-1, 5, 5, 1, -1, -1);
    }

    @Test
    void without_a_capture_timeline_it_makes_a_grid_of_its_own_and_without_samples_nothing() {
        DbConcurrency c = DbConcurrency.of(List.of(sample(0, 1), sample(60_000_000, 3)), null);
        assertThat(c.activeQueries().length).isLessThanOrEqualTo(240);
        assertThat(c.activeQueries()[0]).isEqualTo(1);
        assertThat(c.activeQueries()[c.activeQueries().length - 1]).isEqualTo(3);
        assertThat(DbConcurrency.of(List.of(), null)).isNull();
    }
}
