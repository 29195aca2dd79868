package dev.stampededoctor.detectors.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.TrafficTimeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CaptureTimelineTest {

    @Test
    void starts_at_ten_millisecond_buckets_and_trims_after_the_last_busy_one() {
        CaptureTimeline t = new CaptureTimeline();
        t.miss(1_000_000);
        t.miss(1_005_000);
        t.miss(1_025_000);
        TrafficTimeline s = t.summary();
        assertThat(s.bucketMs()).isEqualTo(10.0);
        assertThat(s.start()).isEqualByComparingTo("1.000000");
        assertThat(s.misses()).containsExactly(2, 0, 1);
        assertThat(s.reads()).containsExactly(0, 0, 0);
    }

    @Test
    void merges_buckets_pairwise_when_the_capture_outgrows_them_and_keeps_every_count() {
        CaptureTimeline t = new CaptureTimeline();
        long total = 0;
        // One miss every 50 ms for an hour: far more than 240 buckets of 10 ms.
        for (long at = 0; at < 3_600_000_000L; at += 50_000) {
            t.miss(at);
            total++;
        }
        TrafficTimeline s = t.summary();
        assertThat(s.misses().length).isLessThanOrEqualTo(CaptureTimeline.BUCKETS).isGreaterThan(CaptureTimeline.BUCKETS / 2);
        assertThat(Arrays.stream(s.misses()).sum()).isEqualTo(total);
        assertThat(s.bucketMs() * s.misses().length).isGreaterThanOrEqualTo(3_600_000.0);
        // Whole buckets hold the same number of misses: merging kept time aligned.
        assertThat(s.misses()[0]).isEqualTo(s.misses()[1]);
    }

    @Test
    void a_miss_found_in_hindsight_lands_in_the_bucket_of_its_read() {
        CaptureTimeline t = new CaptureTimeline();
        t.miss(0);
        t.miss(3_000_000_000L); // forces merges
        t.miss(20_000); // late, and earlier than the last
        TrafficTimeline s = t.summary();
        assertThat(s.misses()[0]).isEqualTo(2);
        assertThat(Arrays.stream(s.misses()).sum()).isEqualTo(3);
    }

    @Test
    void the_capture_timeline_sums_to_the_traffic_totals_and_the_detector_misses() throws IOException {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        try (InputStream in = Files.newInputStream(Path.of("../examples/ttl-herd.monitor.log"))) {
            analyzer.read("example", in);
        }
        Report r = analyzer.report();
        TrafficTimeline s = r.stats().timeline();
        assertThat(Arrays.stream(s.reads()).sum()).isEqualTo(r.stats().reads());
        assertThat(Arrays.stream(s.fills()).sum()).isEqualTo(r.stats().fills());
        long patternMisses = r.stats().patterns().stream().mapToLong(PatternStats::misses).sum();
        assertThat(Arrays.stream(s.misses()).sum()).isPositive().isLessThanOrEqualTo(Arrays.stream(s.reads()).sum())
                .isGreaterThanOrEqualTo(r.verdict().misses()).isLessThanOrEqualTo(Math.max(patternMisses, r.verdict().misses()));
        assertThat(s.start().doubleValue() * 1000).isCloseTo(
                java.time.Instant.parse(r.input().timeSpan().first()).toEpochMilli(), org.assertj.core.data.Offset.offset(1.0));
    }
}
