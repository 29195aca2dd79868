package dev.stampededoctor.detectors.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Numbered keys of one family ({@code price:sku-0}…) are one pattern for statistics and for coordinated expiry. */
class KeyFamiliesTest {

    @Test
    void ten_numbered_keys_are_one_pattern_in_the_statistics() {
        Capture c = new Capture();
        for (int k = 0; k < 10; k++) {
            c.at(k, "1", "SET", "price:sku-" + k, "v");
            c.at(20 + k, "2", "GET", "price:sku-" + k);
        }
        Report r = c.analyze();
        List<String> patterns = r.stats().patterns().stream().map(PatternStats::pattern).toList();
        assertThat(patterns).containsExactly("price:sku-*");
        assertThat(r.stats().patterns().get(0).keys()).isEqualTo(10);
    }

    @Test
    void a_family_written_together_with_one_ttl_is_one_pattern_level_herd_named_by_the_family() {
        Capture c = new Capture();
        for (int k = 0; k < 200; k++) {
            c.at(k * 0.2, "1", "SET", "price:sku-" + k, "v", "EX", "30");
        }
        for (int k = 0; k < 200; k++) {
            String client = String.valueOf(101 + k % 20);
            c.at(30_100 + k, client, "GET", "price:sku-" + k);
            c.at(30_130 + k, client, "SET", "price:sku-" + k, "v", "EX", "30");
        }
        Report r = c.analyze();
        assertThat(r.events()).hasSize(1);
        CacheEvent e = r.events().get(0);
        assertThat(e.kind()).isEqualTo(CacheEvent.TTL_HERD);
        assertThat(e.keyPattern()).isEqualTo("price:sku-*");
        assertThat(e.keys()).isEqualTo(200);
    }

    @Test
    void families_are_siblings_like_any_other_segment() {
        // Eight families under one prefix still merge into the prefix; fewer keep their names.
        java.util.Map<Long, String> names = new java.util.LinkedHashMap<>();
        for (int i = 0; i < CoordinatedExpiry.MIN_SIBLINGS; i++) {
            names.put((long) i, "price:" + (char) ('a' + i) + "sku-*");
        }
        names.put(100L, "stock:sku-*");
        names.put(101L, "stock:bundle-*");
        java.util.Map<Long, String> merged = CoordinatedExpiry.mergeSiblings(names);
        assertThat(merged.get(0L)).isEqualTo("price:*");
        assertThat(merged.get(100L)).isEqualTo("stock:sku-*");
        assertThat(merged.get(101L)).isEqualTo("stock:bundle-*");
    }
}
