package dev.stampededoctor.detectors.simulate;

import static dev.stampededoctor.detectors.simulate.Monitor.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each policy on small captures whose outcome can be worked out by hand. */
class PolicySimulationTest {
    private static final int CLIENTS = 8;
    private static final int WRITER = 9000;

    /**
     * A hot key, seeded with a 600 s TTL and read by eight clients every 10 ms; at 100 ms a writer
     * DELs it; each client misses once (101…108 ms) and refills it 30 ms later with SET … EX 600.
     */
    private static Monitor deleteStampede() {
        Monitor m = new Monitor().at(0, WRITER, "SET", "product:1", "v", "EX", "600");
        for (int c = 0; c < CLIENTS; c++) {
            for (int n = 0; n < 10; n++) {
                m.at(1 + 10 * n + 0.5 * c, c + 1, "GET", "product:1");
            }
        }
        m.at(100, WRITER, "DEL", "product:1");
        for (int c = 0; c < CLIENTS; c++) {
            m.at(101 + c, c + 1, "GET", "product:1");
        }
        for (int c = 0; c < CLIENTS; c++) {
            m.at(131 + c, c + 1, "SET", "product:1", "v2", "EX", "600");
        }
        for (int c = 0; c < CLIENTS; c++) {
            for (int n = 0; n < 10; n++) {
                m.at(140 + 10 * n + 0.5 * c, c + 1, "GET", "product:1");
            }
        }
        return m;
    }

    /**
     * A hot key written with a 500 ms TTL, read by eight clients every 10 ms; client c misses at
     * 501 + c ms, rebuilds for 30 ms (not reading meanwhile) and reads on from 540 + c ms.
     */
    private static Monitor ttlHerd() {
        Monitor m = new Monitor().at(0, WRITER, "SET", "feed", "v", "PX", "500");
        for (int c = 0; c < CLIENTS; c++) {
            for (int n = 0; n < 50; n++) {
                m.at(1 + 10 * n + 0.5 * c, c + 1, "GET", "feed");
            }
            m.at(501 + c, c + 1, "GET", "feed");
            m.at(531 + c, c + 1, "SET", "feed", "v2", "EX", "600");
            for (int n = 0; n < 40; n++) {
                m.at(540 + 10 * n + 0.5 * c, c + 1, "GET", "feed");
            }
        }
        return m;
    }

    @Test
    void a_delete_stampede_is_8_rebuilds_as_is_1_with_a_lock_and_none_with_write_through() {
        SimulationReport r = deleteStampede().simulate();
        assertThat(r.observed()).isEqualTo(new ObservedRebuilds(8, 8, 8));
        assertThat(r.rebuildMs()).isEqualTo(30.0);
        assertThat(r.rebuildMsSource()).isEqualTo("capture");
        assertThat(result(r, "as-is")).extracting("rebuilds", "peakConcurrentRebuilds", "misses", "maxStaleMs")
                .containsExactly(8L, 8, 8L, 0.0);
        assertThat(result(r, "lock")).extracting("rebuilds", "peakConcurrentRebuilds", "misses", "maxStaleMs")
                .containsExactly(1L, 1, 8L, 0.0);
        assertThat(result(r, "write-through")).extracting("rebuilds", "peakConcurrentRebuilds", "misses", "maxStaleMs")
                .containsExactly(0L, 0, 0L, 0.0);
        // A delete is not an expiry: jitter, XFetch and stale-while-revalidate change nothing.
        for (String p : new String[] {"jitter", "xfetch", "stale-while-revalidate"}) {
            assertThat(result(r, p)).as(p).extracting("rebuilds", "peakConcurrentRebuilds", "misses")
                    .containsExactly(8L, 8, 8L);
        }
        assertThat(r.recommended().policy()).isEqualTo("write-through");
        assertThat(r.recommended().reason()).contains("rebuilds 8 → 0", "nothing served stale");
    }

    @Test
    void a_ttl_herd_is_1_rebuild_with_a_lock_or_stale_while_revalidate_and_jitter_only_moves_it() {
        SimulationReport r = ttlHerd().simulate();
        assertThat(r.observed()).isEqualTo(new ObservedRebuilds(8, 8, 8));
        assertThat(result(r, "as-is")).extracting("rebuilds", "peakConcurrentRebuilds", "misses")
                .containsExactly(8L, 8, 8L);
        assertThat(result(r, "write-through")).extracting("rebuilds", "misses").containsExactly(8L, 8L);
        assertThat(result(r, "lock")).extracting("rebuilds", "peakConcurrentRebuilds", "misses")
                .containsExactly(1L, 1, 8L);
        // One background refresh at 501 ms lands at 531; reads up to 508 ms are served 8 ms stale.
        assertThat(result(r, "stale-while-revalidate")).extracting("rebuilds", "peakConcurrentRebuilds", "misses",
                "maxStaleMs").containsExactly(1L, 1, 0L, 8.0);
        // ±10 % moves the one expiry by up to 50 ms: every client still misses once.
        assertThat(result(r, "jitter")).extracting("rebuilds", "peakConcurrentRebuilds").containsExactly(8L, 8);
        PolicyResult xfetch = result(r, "xfetch");
        assertThat(xfetch.misses()).as("refreshed before the expiry").isZero();
        assertThat(xfetch.rebuilds()).isBetween(1L, 4L);
    }

    @Test
    void misses_stamped_just_before_the_computed_expiry_are_rebuilds_as_is_and_lock_coalesces_them() {
        // MONITOR stamped the SET late: clients 1-4 read at 500.2-500.8 ms (before the computed
        // 501 ms) and got nothing, as their refills show; clients 5-8 missed after it.
        Monitor m = new Monitor().at(0, WRITER, "SET", "feed", "v", "PX", "500");
        for (int c = 0; c < CLIENTS; c++) {
            for (int n = 0; n < 50; n++) {
                m.at(1 + 10 * n + 0.5 * c, c + 1, "GET", "feed");
            }
            double missAt = c < 4 ? 500.2 + 0.2 * c : 501 + c;
            m.at(missAt, c + 1, "GET", "feed");
            m.at(missAt + 30, c + 1, "SET", "feed", "v2", "EX", "600");
        }
        m.at(499, 99, "GET", "feed"); // just before the expiry too, but no refill follows: a hit
        SimulationReport r = m.simulate();
        assertThat(r.observed().rebuilds()).isEqualTo(8);
        assertThat(r.observed().misses()).isEqualTo(8);
        assertThat(result(r, "as-is")).extracting("rebuilds", "misses").containsExactly(8L, 8L);
        assertThat(result(r, "lock")).extracting("rebuilds", "misses").containsExactly(1L, 8L);
    }

    @Test
    void xfetch_refreshes_a_read_key_before_it_expires_and_beta_sets_how_early() {
        // Two readers, taking turns each millisecond, of a key written with a 500 ms TTL.
        Monitor m = new Monitor().at(0, WRITER, "SET", "k", "v", "PX", "500");
        for (int n = 1; n < 1000; n++) {
            m.at(n, 1 + n % 2, "GET", "k");
        }
        // The capture's rebuild time comes from this one: 30 ms.
        m.at(1000, 3, "GET", "cold");
        m.at(1030, 3, "SET", "cold", "v");
        SimulationReport r = m.simulate(-1, new XFetch(1), new XFetch(0.001));
        // As-is: 499 misses of "k" (nobody refilled it in the capture) and the one of "cold".
        assertThat(result(r, "as-is")).extracting("rebuilds", "misses").containsExactly(1L, 500L);
        // A refresh keeps the 500 ms TTL "k" was written with, so in 1 s it is refreshed two or
        // three times (when depends on the draws), each time before it expires: no miss but
        // "cold"'s, whose rebuild is the last one.
        assertThat(r.policies().get(1).misses()).isEqualTo(1);
        assertThat(r.policies().get(1).rebuilds()).isBetween(3L, 4L);
        // Beta near 0 refreshes only in the expiry's own millisecond (500 ms, still a hit): the
        // other reader misses at 501, 503 … 529 until the refresh lands at 530.
        assertThat(r.policies().get(2)).extracting("rebuilds", "misses").containsExactly(2L, 1L + 15L);
    }

    @Test
    void misses_the_capture_shows_nobody_rebuilding_for_do_not_rebuild_in_any_policy() {
        // The application's own lock: client 1 wins and rebuilds; clients 2-8 miss, fail SET NX
        // and retry every 10 ms until the refill at 132 ms.
        Monitor m = new Monitor().at(0, WRITER, "SET", "k", "v", "EX", "600").at(100, WRITER, "DEL", "k");
        m.at(101, 1, "GET", "k").at(101.5, 1, "SET", "lock:k", "t1", "NX", "PX", "2000").at(102, 1, "GET", "k");
        for (int c = 2; c <= CLIENTS; c++) {
            m.at(101 + c, c, "GET", "k").at(101.5 + c, c, "SET", "lock:k", "t" + c, "NX", "PX", "2000");
            m.at(111 + c, c, "GET", "k").at(121 + c, c, "GET", "k");
        }
        m.at(132, 1, "SET", "k", "v2", "EX", "600").at(132.5, 1, "DEL", "lock:k");
        for (int c = 1; c <= CLIENTS; c++) {
            m.at(140 + c, c, "GET", "k");
        }
        SimulationReport r = m.simulate();
        assertThat(r.observed().rebuilds()).isEqualTo(1);
        assertThat(r.observed().misses()).isEqualTo(2 + 3 * 7);
        assertThat(r.rebuildMs()).isEqualTo(30.0); // the winner's second GET to its SET
        assertThat(result(r, "as-is")).extracting("rebuilds", "misses").containsExactly(1L, 23L);
        assertThat(result(r, "lock").rebuilds()).isEqualTo(1);
        assertThat(result(r, "write-through")).extracting("rebuilds", "misses").containsExactly(0L, 0L);
        assertThat(r.recommended().policy()).isEqualTo("write-through");
    }

    @Test
    void a_refill_from_another_connection_answers_the_oldest_miss() {
        // Short-lived connections: each command comes from a new port.
        Monitor m = new Monitor().at(0, 100, "SET", "k", "v", "EX", "600").at(10, 101, "DEL", "k")
                .at(20, 1, "GET", "k").at(30, 2, "GET", "k").at(40, 3, "GET", "k")
                .at(60, 4, "SET", "k", "v", "EX", "600").at(70, 5, "SET", "k", "v", "EX", "600")
                .at(80, 6, "SET", "k", "v", "EX", "600").at(90, 7, "GET", "k");
        SimulationReport r = m.simulate();
        assertThat(r.observed()).isEqualTo(new ObservedRebuilds(3, 3, 3));
        assertThat(r.rebuildMs()).isEqualTo(40.0);
        assertThat(result(r, "as-is")).extracting("rebuilds", "peakConcurrentRebuilds", "misses")
                .containsExactly(3L, 3, 3L);
    }

    @Test
    void requests_multiplexed_on_one_connection_each_rebuild_and_a_lock_coalesces_them() {
        // One shared connection (Lettuce, node-redis): 20 requests miss on it, then 20 SETs come back.
        Monitor m = new Monitor().at(0, WRITER, "SET", "category::tv", "v", "PX", "60000");
        for (int n = 0; n < 10; n++) {
            m.at(1 + n, 1, "GET", "category::tv");
        }
        m.at(20, WRITER, "DEL", "category::tv");
        for (int i = 0; i < 20; i++) {
            m.at(21 + 0.01 * i, 1, "GET", "category::tv");
        }
        for (int i = 0; i < 20; i++) {
            m.at(51 + i, 1, "SET", "category::tv", "v", "PX", "60000");
        }
        SimulationReport r = m.simulate();
        assertThat(r.observed()).isEqualTo(new ObservedRebuilds(20, 20, 20));
        assertThat(result(r, "as-is")).extracting("rebuilds", "misses").containsExactly(20L, 20L);
        assertThat(result(r, "lock").rebuilds()).isEqualTo(1);
    }

    @Test
    void the_lock_of_a_locking_cache_writer_is_not_a_cache_key_in_any_replay() {
        // Spring's locking writer: EXISTS category~lock before each operation, SET … NX to take it, DEL to release.
        Monitor m = new Monitor().at(0, WRITER, "SET", "category::tv", "v", "PX", "60000");
        for (int n = 0; n < 10; n++) {
            m.at(1 + n, 1, "EXISTS", "category~lock").at(1.1 + n, 1, "GET", "category::tv");
        }
        m.at(20, WRITER, "DEL", "category::tv");
        for (int i = 0; i < 10; i++) {
            m.at(21 + 0.01 * i, 1, "EXISTS", "category~lock").at(21.005 + 0.01 * i, 1, "GET", "category::tv");
        }
        for (int i = 0; i < 10; i++) {
            double t = 51 + 2 * i;
            m.at(t, 1, "EXISTS", "category~lock").at(t + 0.1, 1, "SET", "category~lock", "", "NX")
                    .at(t + 0.2, 1, "SET", "category::tv", "v", "PX", "60000").at(t + 0.3, 1, "DEL", "category~lock");
        }
        SimulationReport r = m.simulate();
        assertThat(r.observed().rebuilds()).isEqualTo(10);
        assertThat(result(r, "as-is").rebuilds()).isEqualTo(10);
        assertThat(result(r, "write-through").rebuilds()).isZero();
    }

    @Test
    void a_multi_hset_expire_refill_is_one_rebuild_and_its_ttl_is_the_expire() {
        Monitor m = new Monitor().at(0, WRITER, "HSET", "cart:1", "a", "1").at(10, WRITER, "DEL", "cart:1");
        for (int c = 1; c <= 3; c++) {
            m.at(10 + c, c, "HGETALL", "cart:1");
        }
        for (int c = 1; c <= 3; c++) {
            m.at(40 + c, c, "MULTI").at(40.1 + c, c, "HSET", "cart:1", "a", "1").at(40.2 + c, c, "HSET", "cart:1", "b", "2")
                    .at(40.3 + c, c, "EXPIRE", "cart:1", "1").at(40.4 + c, c, "EXEC");
        }
        // One reader until 2.55 s.
        for (int n = 0; n < 50; n++) {
            m.at(100 + 50 * n, 1, "HGETALL", "cart:1");
        }
        SimulationReport r = m.simulate();
        assertThat(r.observed().rebuilds()).isEqualTo(3);
        assertThat(r.rebuildMs()).isEqualTo(30.1);
        // The refill's EXPIRE gave it 1 s: from 1,050 ms the reader misses (and, as in the
        // capture, does not rebuild); a writer's overwrite instead of the DEL has the same TTL.
        assertThat(result(r, "as-is")).extracting("rebuilds", "misses").containsExactly(3L, 34L);
        assertThat(r.observed().misses()).isEqualTo(34);
        assertThat(result(r, "write-through")).extracting("rebuilds", "misses").containsExactly(0L, 31L);
    }

    @Test
    void a_key_first_seen_read_then_filled_was_missing() {
        Monitor m = new Monitor().at(0, 1, "GET", "user:7").at(25, 1, "SET", "user:7", "v", "EX", "60")
                .at(30, 2, "GET", "user:7").at(40, 3, "GET", "never:filled");
        SimulationReport r = m.simulate();
        assertThat(r.observed()).isEqualTo(new ObservedRebuilds(1, 1, 1));
        assertThat(result(r, "as-is")).extracting("rebuilds", "misses").containsExactly(1L, 1L);
        assertThat(result(r, "lock")).extracting("rebuilds", "misses").containsExactly(1L, 1L);
    }

    @Test
    void flushdb_empties_its_db_only_and_write_through_leaves_flushes_alone() {
        Monitor m = new Monitor().atDb(0, 0, WRITER, "SET", "a", "v").atDb(0, 1, WRITER, "SET", "b", "v")
                .atDb(10, 1, WRITER, "FLUSHDB")
                .atDb(20, 0, 1, "GET", "a").atDb(21, 1, 2, "GET", "b").atDb(51, 1, 2, "SET", "b", "v");
        SimulationReport r = m.simulate();
        assertThat(result(r, "as-is")).extracting("rebuilds", "misses").containsExactly(1L, 1L);
        assertThat(result(r, "write-through")).extracting("rebuilds", "misses").containsExactly(1L, 1L);
    }

    @Test
    void rebuild_ms_overrides_the_capture_and_a_capture_without_rebuilds_gets_the_default() {
        SimulationReport given = deleteStampede().simulate(5_000, new RebuildLock());
        assertThat(given.rebuildMs()).isEqualTo(5.0);
        assertThat(given.rebuildMsSource()).isEqualTo("option");
        // 5 ms rebuilds: the lock's first refill lands at 106 ms, before clients 6-8 read.
        assertThat(result(given, "lock")).extracting("rebuilds", "misses").containsExactly(1L, 5L);
        assertThat(given.policies()).extracting(PolicyResult::policy).containsExactly("as-is", "lock");

        SimulationReport healthy = new Monitor().at(0, 1, "SET", "k", "v").at(1, 2, "GET", "k").simulate();
        assertThat(healthy.rebuildMsSource()).isEqualTo("default");
        assertThat(healthy.rebuildMs()).isEqualTo(CaptureSimulator.DEFAULT_REBUILD_MICROS / 1000.0);
        assertThat(healthy.recommended().policy()).isNull();
        assertThat(healthy.recommended().reason()).startsWith("none lowers");
    }

    @Test
    void jitter_spreads_keys_written_together_and_serves_the_longer_ones_stale() {
        // 200 keys written at once with a 1 s TTL, each read every 20 ms by one of two cache-aside
        // clients, which rebuild a missing key in 30 ms (not reading it meanwhile) with EX 600.
        Monitor m = new Monitor();
        for (int k = 0; k < 200; k++) {
            m.at(0, WRITER, "SET", "s:" + k, "v", "PX", "1000");
        }
        for (int k = 0; k < 200; k++) {
            double refilledAt = -1;
            for (int n = 1; n < 80; n++) {
                double t = 20 * n + k * 0.05;
                if (refilledAt > t) {
                    continue;
                }
                m.at(t, 1 + k % 2, "GET", "s:" + k);
                if (t >= 1001 && refilledAt < 0) {
                    refilledAt = t + 30;
                    m.at(refilledAt, 1 + k % 2, "SET", "s:" + k, "v", "EX", "600");
                }
            }
        }
        SimulationReport r = m.simulate(-1, new TtlJitter(20));
        PolicyResult asIs = result(r, "as-is");
        PolicyResult jitter = result(r, "jitter");
        assertThat(r.observed().rebuilds()).isEqualTo(200);
        assertThat(asIs.rebuilds()).isEqualTo(200);
        assertThat(asIs.peakConcurrentRebuilds()).isEqualTo(200);
        assertThat(jitter.rebuilds()).isEqualTo(200);
        assertThat(jitter.peakConcurrentRebuilds()).as("expiries spread over 400 ms").isLessThan(40);
        assertThat(jitter.maxStaleMs()).isBetween(150.0, 200.0);
        assertThat(Arrays.stream(jitter.rebuildsPerBucket()).sum()).isEqualTo(200);
    }
}
