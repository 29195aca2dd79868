package dev.stampededoctor.cli.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.report.LiveSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfoOfNodesTest {
    private static LiveWatcher.Latest sample(double at, long ops, long hits, long misses, long expired, long evicted) {
        Double ratio = hits + misses == 0 ? null : LiveWatcher.round((double) hits / (hits + misses));
        return new LiveWatcher.Latest(new LiveSummary.InfoSample(at, ops, ratio, expired, evicted), hits, misses);
    }

    @Test
    void adds_the_nodes_up_and_takes_the_hit_ratio_of_all_their_reads() {
        LiveSummary.InfoSample sum = InfoOfNodes.sum(List.of(
                sample(3.01, 900, 900, 100, 5, 0),   // a busy shard, 90 % hits
                sample(3.02, 10, 0, 10, 0, 1),       // a quiet one missing everything
                sample(2.99, 2, 0, 0, 1, 0)));       // an idle one, no reads
        assertThat(sum.opsPerSecond()).isEqualTo(912);
        // 900 hits of 1,010 reads, not the mean of 90 % and 0 %
        assertThat(sum.hitRatio()).isEqualTo(0.8911);
        assertThat(sum.expiredKeys()).isEqualTo(6);
        assertThat(sum.evictedKeys()).isEqualTo(1);
        assertThat(sum.atSeconds()).isEqualTo(3.02);
    }

    @Test
    void no_reads_anywhere_is_no_ratio_and_no_samples_is_none() {
        assertThat(InfoOfNodes.sum(List.of(sample(1, 3, 0, 0, 0, 0), sample(1, 4, 0, 0, 0, 0))).hitRatio()).isNull();
        assertThat(InfoOfNodes.sum(List.of())).isNull();
    }
}
