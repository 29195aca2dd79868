package dev.stampededoctor.detectors.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stampededoctor.detectors.report.LatentRisk;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.Report;
import org.junit.jupiter.api.Test;

class LatentRisksTest {

    /** Client {@code client} reads {@code key} every {@code everyMs} ms in {@code [fromMs, toMs)}. */
    private static Capture reads(Capture c, String client, String key, double fromMs, double toMs, double everyMs) {
        for (double t = fromMs; t < toMs; t += everyMs) {
            c.at(t, client, "GET", key);
        }
        return c;
    }

    /** A cache-aside miss of {@code key} at {@code ms} rebuilt {@code rebuildMs} later by client 7: one rebuild, no event. */
    private static Capture rebuilt(Capture c, String key, double ms, double rebuildMs) {
        return c.at(ms, "7", "GET", key).at(ms + rebuildMs, "7", "SET", key, "v", "EX", "600");
    }

    private static PatternStats pattern(Report r, String glob) {
        return r.stats().patterns().stream().filter(p -> p.pattern().equals(glob)).findFirst().orElseThrow();
    }

    @Test
    void a_hot_key_read_200_times_a_second_with_a_50_ms_rebuild_on_its_pattern_predicts_10_rebuilds() {
        Capture c = rebuilt(new Capture(), "user:1:profile", 0, 50);
        c.at(100, "1", "SET", "user:2:profile", "v", "EX", "600");
        reads(c, "50", "user:2:profile", 105, 3105, 5); // 600 reads in the 3 s from its fill
        Report r = c.analyze();

        assertThat(r.events()).isEmpty();
        assertThat(r.latentRisks()).hasSize(1);
        LatentRisk risk = r.latentRisks().get(0);
        assertThat(risk.key()).isEqualTo("user:2:profile");
        assertThat(risk.keyPattern()).isEqualTo("user:*:profile");
        assertThat(risk.db()).isZero();
        assertThat(risk.reads()).isEqualTo(600);
        assertThat(risk.observedSeconds()).isEqualTo(3.0);
        assertThat(risk.readsPerSecond()).isEqualTo(200.0);
        assertThat(risk.rebuildMs()).isEqualTo(50.0);
        assertThat(risk.rebuildFrom()).isEqualTo(LatentRisk.FROM_PATTERN);
        assertThat(risk.predictedRebuilds()).isEqualTo(10);
        assertThat(risk.ttlSeconds()).isEqualTo(600.0);
        assertThat(risk.nextExpiryAt().doubleValue()).isCloseTo(Capture.seconds(100 + 600_000), within(1e-6));
        assertThat(risk.nextExpiryTime()).isEqualTo("2023-11-14T22:23:20.100000Z");
    }

    @Test
    void a_cold_key_is_no_risk() {
        Capture c = rebuilt(new Capture(), "user:1:profile", 0, 50);
        c.at(100, "1", "SET", "user:2:profile", "v", "EX", "600");
        reads(c, "50", "user:2:profile", 1000, 31_000, 1000); // 30 reads, one a second: 0.05 rebuilds
        assertThat(c.analyze().latentRisks()).isEmpty();
    }

    @Test
    void too_few_reads_or_too_short_a_watch_say_nothing() {
        Capture c = rebuilt(new Capture(), "user:1:profile", 0, 50);
        c.at(100, "1", "SET", "user:2:profile", "v");
        reads(c, "50", "user:2:profile", 200, 295, 5); // 19 reads
        c.at(2000, "1", "SET", "user:3:profile", "v");
        reads(c, "50", "user:3:profile", 2001, 2901, 1); // 900 reads, but in 0.9 s
        assertThat(c.analyze().latentRisks()).isEmpty();
    }

    @Test
    void a_key_that_already_stampeded_is_an_incident_not_a_risk() {
        Capture c = new Capture().at(0, "1", "SET", "user:1:profile", "v", "EX", "600")
                .at(0, "1", "SET", "user:2:profile", "v", "EX", "600");
        reads(c, "50", "user:1:profile", 5, 100, 5);
        c.at(100, "9", "DEL", "user:1:profile");
        for (int i = 0; i < 6; i++) {
            c.at(110 + 2 * i, String.valueOf(101 + i), "GET", "user:1:profile");
        }
        for (int i = 0; i < 6; i++) {
            c.at(150 + 2 * i, String.valueOf(101 + i), "SET", "user:1:profile", "v", "EX", "600");
        }
        reads(c, "50", "user:1:profile", 300, 3300, 5);
        reads(c, "51", "user:2:profile", 300, 3300, 5);
        Report r = c.inTimeOrder().analyze();

        assertThat(r.events()).extracting(e -> e.key()).containsExactly("user:1:profile");
        assertThat(r.latentRisks()).extracting(LatentRisk::key).containsExactly("user:2:profile");
        // Its rebuild time is the stampeded key's, its pattern's only one.
        assertThat(r.latentRisks().get(0).rebuildMs()).isEqualTo(40.0);
    }

    @Test
    void its_own_rebuild_comes_first_then_its_patterns_then_the_captures() {
        Capture c = rebuilt(new Capture(), "user:1:profile", 0, 20);
        c = rebuilt(c, "user:2:profile", 10, 80);
        c = rebuilt(c, "user:3:profile", 20, 60);
        c.at(20, "1", "SET", "page:home", "v"); // no TTL: deletes still make it go
        reads(c, "50", "user:1:profile", 20, 3020, 2); // 1,500 reads in the 2.998 s from its fill
        reads(c, "51", "page:home", 20, 3020, 2);
        Report r = c.inTimeOrder().analyze();

        assertThat(r.latentRisks()).extracting(LatentRisk::key, LatentRisk::rebuildFrom, LatentRisk::rebuildMs)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("page:home", LatentRisk.FROM_CAPTURE, 60.0),
                        org.assertj.core.groups.Tuple.tuple("user:1:profile", LatentRisk.FROM_KEY, 20.0));
        LatentRisk home = r.latentRisks().get(0);
        assertThat(home.ttlSeconds()).isNull();
        assertThat(home.nextExpiryAt()).isNull();
        assertThat(home.nextExpiryTime()).isNull();
        assertThat(home.predictedRebuilds()).isEqualTo(30); // 500.3 reads/s × 60 ms
        assertThat(r.latentRisks().get(1).predictedRebuilds()).isEqualTo(10); // 500.3 reads/s × 20 ms
    }

    @Test
    void a_key_read_all_along_but_never_written_in_the_capture_counts_from_its_first_read() {
        Capture c = rebuilt(new Capture(), "user:1:profile", 0, 50);
        reads(c, "50", "user:9:profile", 100, 2100, 5); // 400 reads, all hits: filled before the capture
        c.at(2100, "50", "PING"); // the capture ends 2 s after the first read
        Report r = c.analyze();

        assertThat(r.latentRisks()).hasSize(1);
        LatentRisk risk = r.latentRisks().get(0);
        assertThat(risk.key()).isEqualTo("user:9:profile");
        assertThat(risk.reads()).isEqualTo(400);
        assertThat(risk.observedSeconds()).isEqualTo(2.0);
        assertThat(risk.predictedRebuilds()).isEqualTo(10);
        assertThat(risk.ttlSeconds()).isNull();
    }

    @Test
    void no_rebuild_anywhere_in_the_capture_predicts_nothing() {
        Capture c = new Capture().at(0, "1", "SET", "user:2:profile", "v", "EX", "600");
        reads(c, "50", "user:2:profile", 5, 3005, 1);
        assertThat(c.analyze().latentRisks()).isEmpty();
    }

    @Test
    void a_lock_is_no_risk() {
        Capture c = rebuilt(new Capture(), "user:1:profile", 0, 50);
        c.at(100, "1", "SET", "lock:report", "t", "NX", "PX", "30000");
        reads(c, "50", "lock:report", 105, 3105, 2);
        c.at(3110, "1", "DEL", "lock:report").at(3120, "1", "SET", "lock:report", "t", "NX", "PX", "30000");
        reads(c, "50", "lock:report", 3125, 6125, 2);
        assertThat(c.analyze().latentRisks()).isEmpty();
    }

    @Test
    void each_pattern_counts_its_misses_and_hit_ratio() {
        Capture c = new Capture()
                .at(0, "1", "SET", "user:1:profile", "v", "PX", "1000")
                .at(10, "1", "GET", "user:1:profile")          // hit
                .at(20, "2", "GET", "user:1:profile")          // hit
                .at(1500, "3", "GET", "user:1:profile")        // expired: miss
                .at(1502, "4", "GET", "user:1:profile")        // miss
                .at(1530, "3", "SET", "user:1:profile", "v")
                .at(1540, "4", "GET", "user:1:profile")        // hit
                .at(1600, "5", "GET", "user:2:profile")        // not known yet…
                .at(1620, "5", "SET", "user:2:profile", "v")   // …and rebuilt: a miss
                .at(1700, "6", "GET", "cart:1")                // not known, never rebuilt: a hit
                .at(1800, "9", "DEL", "cart:1")
                .at(1810, "6", "GET", "cart:1")                // deleted: miss
                .at(1820, "6", "GET", "cart:1")                // miss
                .at(1900, "6", "SET", "page:x", "v");          // written, never read
        Report r = c.analyze();

        PatternStats user = pattern(r, "user:*:profile");
        assertThat(user.reads()).isEqualTo(6);
        assertThat(user.misses()).isEqualTo(3);
        assertThat(user.hitRatio()).isEqualTo(0.5);
        PatternStats cart = pattern(r, "cart:*");
        assertThat(cart.reads()).isEqualTo(3);
        assertThat(cart.misses()).isEqualTo(2);
        assertThat(cart.hitRatio()).isEqualTo(0.3333);
        PatternStats page = pattern(r, "page:x");
        assertThat(page.reads()).isZero();
        assertThat(page.misses()).isZero();
        assertThat(page.hitRatio()).isNull();
        // The same misses as the episodes count, summed over the patterns.
        assertThat(r.stats().patterns().stream().mapToLong(PatternStats::misses).sum()).isEqualTo(5);
    }
}
