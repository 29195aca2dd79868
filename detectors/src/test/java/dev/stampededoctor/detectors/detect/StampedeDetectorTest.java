package dev.stampededoctor.detectors.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Report;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StampedeDetectorTest {

    /** Readers 101.. miss at {@code from} ms (2 ms apart) and each refills {@code rebuildMs} later. */
    private static Capture herd(Capture c, String key, double from, int clients, double rebuildMs, String... fillTail) {
        for (int i = 0; i < clients; i++) {
            c.at(from + 2 * i, String.valueOf(101 + i), "GET", key);
        }
        for (int i = 0; i < clients; i++) {
            String[] fill = new String[3 + fillTail.length];
            fill[0] = "SET";
            fill[1] = key;
            fill[2] = "v";
            System.arraycopy(fillTail, 0, fill, 3, fillTail.length);
            c.at(from + 2 * i + rebuildMs, String.valueOf(101 + i), fill);
        }
        return c;
    }

    /** A hot key: client 50 reads it every {@code everyMs} ms in {@code [fromMs, toMs)}. */
    private static Capture reads(Capture c, String key, double fromMs, double toMs, double everyMs) {
        for (double t = fromMs; t < toMs; t += everyMs) {
            c.at(t, "50", "GET", key);
        }
        return c;
    }

    private static Capture readsInDb(Capture c, int db, String key, double fromMs, double toMs, double everyMs) {
        for (double t = fromMs; t < toMs; t += everyMs) {
            c.atDb(t, db, "50", "GET", key);
        }
        return c;
    }

    private static CacheEvent only(Report r) {
        assertThat(r.events()).hasSize(1);
        return r.events().get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "DEL,         DEL,    k",
        "UNLINK,      UNLINK, k",
        "GETDEL,      GETDEL, k",
        "EXPIRE,      EXPIRE, k 0",
        "PEXPIRE,     PEXPIRE, k -5",
        "EXPIREAT,    EXPIREAT, k 1600000000",
    })
    void an_explicit_removal_followed_by_rebuilds_is_an_invalidation_stampede(String name, String command, String args) {
        Capture c = new Capture().at(0, "1", "SET", "page:home", "v", "EX", "600");
        reads(c, "page:home", 5, 100, 2);
        String[] parts = args.split(" ");
        String[] line = new String[parts.length + 1];
        line[0] = command;
        line[1] = "page:home";
        System.arraycopy(parts, 1, line, 2, parts.length - 1);
        c.at(100, "9", line);
        herd(c, "page:home", 120, 5, 40, "EX", "600");
        Report r = c.analyze();
        CacheEvent e = only(r);
        assertThat(e.kind()).isEqualTo(CacheEvent.INVALIDATION_STAMPEDE);
        assertThat(e.key()).isEqualTo("page:home");
        assertThat(e.trigger().command()).isEqualTo(command);
        assertThat(e.trigger().connection()).isEqualTo("10.0.0.1:9");
        assertThat(e.trigger().at().doubleValue()).isCloseTo(Capture.seconds(100), within(1e-6));
        assertThat(e.misses()).isEqualTo(5);
        assertThat(e.rebuilds()).isEqualTo(5);
        assertThat(e.evidence().peakConcurrentRebuilds()).isEqualTo(5);
        assertThat(e.evidence().timeToFirstRefillMs()).isCloseTo(60.0, within(0.01));
        assertThat(e.recommendations().get(0).action()).isEqualTo("write-through");
        assertThat(r.foundProblems()).isTrue();
    }

    @Test
    void a_delete_inside_a_script_names_the_client_that_ran_it() {
        Capture c = new Capture().at(0, "1", "SET", "k", "v");
        reads(c, "k", 1, 100, 2);
        c.at(100, "7", "EVALSHA", "abc", "1", "k").at(100.01, "lua", "del", "k");
        herd(c, "k", 110, 4, 30);
        CacheEvent e = only(c.analyze());
        assertThat(e.trigger().command()).isEqualTo("DEL");
        assertThat(e.trigger().fromScript()).isTrue();
        assertThat(e.trigger().connection()).isEqualTo("10.0.0.1:7");
    }

    @Test
    void a_multi_key_delete_stampedes_each_read_key_and_mget_counts_per_key() {
        Capture c = new Capture().at(0, "1", "MSET", "frag:a", "1", "frag:b", "2", "frag:c", "3");
        for (double t = 1; t < 50; t += 2) {
            c.at(t, "50", "MGET", "frag:a", "frag:b", "frag:c");
        }
        c.at(50, "9", "DEL", "frag:a", "frag:b");
        for (int i = 0; i < 4; i++) {
            c.at(60 + i, String.valueOf(101 + i), "MGET", "frag:a", "frag:b", "frag:c");
        }
        for (int i = 0; i < 4; i++) {
            c.at(100 + i, String.valueOf(101 + i), "MSET", "frag:a", "1", "frag:b", "2");
        }
        Report r = c.analyze();
        assertThat(r.events()).extracting(CacheEvent::key).containsExactlyInAnyOrder("frag:a", "frag:b");
        assertThat(r.events()).allSatisfy(e -> {
            assertThat(e.misses()).isEqualTo(4);
            assertThat(e.rebuilds()).isEqualTo(4);
        });
    }

    @Test
    void reads_after_the_computed_expiry_are_a_ttl_herd_triggered_at_that_instant() {
        Capture c = new Capture().atDb(0, 3, "1", "SETEX", "user:42:profile", "10", "v");
        readsInDb(c, 3, "user:42:profile", 10, 10_000, 20);
        for (int i = 0; i < 6; i++) {
            c.atDb(10_050 + i, 3, String.valueOf(101 + i), "GET", "user:42:profile");
        }
        for (int i = 0; i < 6; i++) {
            c.atDb(10_090 + i, 3, String.valueOf(101 + i), "SETEX", "user:42:profile", "10", "v");
        }
        CacheEvent e = only(c.analyze());
        assertThat(e.kind()).isEqualTo(CacheEvent.TTL_HERD);
        assertThat(e.db()).isEqualTo(3);
        assertThat(e.keyPattern()).isEqualTo("user:*:profile");
        assertThat(e.trigger().cause()).isEqualTo("ttl");
        assertThat(e.trigger().command()).isNull();
        assertThat(e.trigger().at().doubleValue()).isCloseTo(Capture.seconds(10_000), within(1e-6));
        assertThat(e.misses()).isEqualTo(6);
        assertThat(e.rebuilds()).isEqualTo(6);
        assertThat(e.recommendations().get(0).action()).isEqualTo("xfetch");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SET EX     | SET k v EX 2",
        "SET PX     | SET k v PX 2000",
        "PSETEX     | PSETEX k 2000 v",
        "EXPIRE     | SET k v ; EXPIRE k 2",
        "PEXPIREAT  | SET k v ; PEXPIREAT k 1700000002000",
        "GETEX      | SET k v ; GETEX k EX 2",
    })
    void every_way_of_setting_a_ttl_gives_the_expiry_instant(String name, String setup) {
        Capture c = new Capture();
        for (String cmd : setup.split(" ; ")) {
            c.at(0, "1", cmd.trim().split(" "));
        }
        reads(c, "k", 1, 2_000, 10);
        herd(c, "k", 2_010, 4, 20);
        CacheEvent e = only(c.analyze());
        assertThat(e.kind()).isEqualTo(CacheEvent.TTL_HERD);
        assertThat(e.trigger().at().doubleValue()).isCloseTo(Capture.seconds(2_000), within(1e-6));
    }

    @Test
    void persist_and_a_refused_conditional_expire_leave_no_herd() {
        Capture c = new Capture().at(0, "1", "SET", "a", "v", "EX", "1").at(1, "1", "PERSIST", "a");
        c.at(0, "1", "SET", "b", "v", "EX", "1").at(1, "1", "EXPIRE", "b", "100", "LT");
        c.at(0, "1", "SET", "c", "v").at(1, "1", "EXPIRE", "c", "1", "XX");
        for (String key : new String[] {"a", "b", "c"}) {
            reads(c, key, 2, 1_000, 10);
        }
        herd(c, "a", 1_500, 4, 20);
        herd(c, "b", 1_600, 4, 20);
        herd(c, "c", 1_700, 4, 20);
        Report r = c.analyze();
        assertThat(r.events()).filteredOn(e -> e.trigger().cause().equals("ttl")).extracting(CacheEvent::key)
                .containsExactly("b");
        // a and c never expired: readers that all rewrote the present value at once are a refresh herd.
        assertThat(r.events()).filteredOn(e -> !e.trigger().cause().equals("ttl"))
                .extracting(CacheEvent::key, e -> e.trigger().cause()).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", "soft-expiry"), org.assertj.core.groups.Tuple.tuple("c", "soft-expiry"));
    }

    @Test
    void a_rebuild_lock_makes_it_a_coalesced_refill_not_an_alarm() {
        Capture c = new Capture().at(0, "1", "SET", "k", "v");
        reads(c, "k", 1, 50, 2).at(50, "9", "DEL", "k");
        for (int i = 0; i < 6; i++) {
            String client = String.valueOf(101 + i);
            c.at(60 + i, client, "GET", "k").at(60.5 + i, client, "SET", "lock:k", "1", "NX", "PX", "500");
        }
        c.at(120, "101", "SET", "k", "v2", "EX", "60").at(121, "101", "DEL", "lock:k");
        for (int i = 1; i < 6; i++) {
            c.at(170 + i, String.valueOf(101 + i), "GET", "k");
        }
        Report r = c.analyze();
        CacheEvent e = only(r);
        assertThat(e.kind()).isEqualTo(CacheEvent.COALESCED_REFILL);
        assertThat(e.rebuilds()).isEqualTo(1);
        assertThat(e.misses()).isEqualTo(6);
        assertThat(e.isAlarm()).isFalse();
        assertThat(r.foundProblems()).isFalse();
    }

    @Test
    void write_through_and_early_refresh_have_no_miss_window() {
        Capture c = new Capture().at(0, "1", "SET", "k", "v", "EX", "10");
        for (int i = 0; i < 50; i++) {
            c.at(100 + i * 100, String.valueOf(101 + i % 8), "GET", "k");
            if (i % 10 == 0) {
                c.at(100 + i * 100 + 1, "9", "SET", "k", "v" + i, "EX", "10"); // overwrite / early refresh
            }
        }
        assertThat(c.analyze().events()).isEmpty();
    }

    @Test
    void one_rebuild_is_never_a_stampede_and_the_threshold_is_configurable() {
        Capture c = new Capture().at(0, "1", "SET", "k", "v");
        reads(c, "k", 1, 50, 2).at(50, "9", "DEL", "k");
        herd(c, "k", 60, 2, 20);
        assertThat(c.analyze().events()).isEmpty();
        CacheEvent e = only(c.analyze(AnalyzerOptions.defaults().withMinRebuilds(2)));
        assertThat(e.rebuilds()).isEqualTo(2);
        Capture single = new Capture().at(0, "1", "SET", "k", "v");
        reads(single, "k", 1, 50, 2).at(50, "9", "DEL", "k");
        herd(single, "k", 60, 1, 20);
        assertThat(single.analyze(AnalyzerOptions.defaults().withMinRebuilds(2)).events()).isEmpty();
    }

    @Test
    void a_hash_refilled_with_multi_hset_expire_counts_one_rebuild_per_client() {
        Capture c = new Capture().at(0, "1", "HSET", "cart:9", "a", "1");
        for (double t = 1; t < 10; t += 1) {
            c.at(t, "50", "HGETALL", "cart:9");
        }
        c.at(10, "9", "DEL", "cart:9");
        for (int i = 0; i < 4; i++) {
            c.at(20 + i, String.valueOf(101 + i), "HGETALL", "cart:9");
        }
        for (int i = 0; i < 4; i++) {
            String client = String.valueOf(101 + i);
            double t = 60 + 3 * i;
            c.at(t, client, "MULTI").at(t, client, "HSET", "cart:9", "a", "1").at(t, client, "HSET", "cart:9", "b", "2")
                    .at(t, client, "EXPIRE", "cart:9", "60").at(t, client, "EXEC");
        }
        CacheEvent e = only(c.analyze());
        assertThat(e.misses()).isEqualTo(4);
        assertThat(e.rebuilds()).isEqualTo(4);
    }

    @Test
    void forty_requests_multiplexed_on_one_connection_are_forty_misses_and_forty_rebuilds() {
        // Lettuce after @CacheEvict: one connection carries every thread's GET, then every SET.
        Capture c = new Capture().at(0, "1", "SET", "category::electronics", "v", "PX", "60000");
        reads(c, "category::electronics", 1, 10, 1).at(10, "9", "DEL", "category::electronics");
        for (int i = 0; i < 40; i++) {
            c.at(11 + 0.01 * i, "51116", "GET", "category::electronics");
        }
        for (int i = 0; i < 40; i++) {
            c.at(120 + 2.7 * i, "51116", "SET", "category::electronics", "v", "PX", "60000");
        }
        CacheEvent e = only(c.analyze());
        assertThat(e.kind()).isEqualTo("invalidation-stampede");
        assertThat(e.misses()).isEqualTo(40);
        assertThat(e.rebuilds()).isEqualTo(40);
        assertThat(e.evidence().distinctConnections()).isEqualTo(1);
        assertThat(e.evidence().connections()).containsExactly("10.0.0.1:51116");
        assertThat(e.evidence().hosts()).containsExactly("10.0.0.1");
        assertThat(e.evidence().peakConcurrentRebuilds()).isEqualTo(40);
        assertThat(e.trigger().connection()).isEqualTo("10.0.0.1:9");
        assertThat(e.trigger().host()).isEqualTo("10.0.0.1");
    }

    @Test
    void requests_on_one_connection_stamped_just_before_the_expiry_that_it_rebuilds_were_misses() {
        // MONITOR stamps after execution: two of the connection's GETs ran after the real expiry
        // but carry stamps just before the computed one; it then writes four values back.
        Capture c = new Capture().at(0, "1", "SET", "feed", "v", "PX", "500");
        reads(c, "feed", 1, 490, 5);
        c.at(496, "77", "GET", "feed").at(498, "77", "GET", "feed").at(501, "77", "GET", "feed")
                .at(502, "77", "GET", "feed");
        for (int i = 0; i < 4; i++) {
            c.at(530 + i, "77", "SET", "feed", "v", "PX", "500");
        }
        CacheEvent e = only(c.analyze());
        assertThat(e.kind()).isEqualTo("ttl-herd");
        assertThat(e.misses()).isEqualTo(4);
        assertThat(e.rebuilds()).isEqualTo(4);
    }

    @Test
    void values_written_back_on_a_second_connection_answer_the_misses_of_the_first() {
        // spring-data-redis 3.4+: GETs on the shared connection, the asynchronous SETs on another.
        Capture c = new Capture().at(0, "2", "SET", "items::1", "v", "PX", "600000");
        reads(c, "items::1", 1, 10, 1).at(10, "2", "UNLINK", "items::1");
        for (int i = 0; i < 30; i++) {
            c.at(11 + 0.01 * i, "1", "GET", "items::1");
        }
        for (int i = 0; i < 30; i++) {
            c.at(60 + i, "2", "SET", "items::1", "v", "PX", "600000");
        }
        CacheEvent e = only(c.analyze());
        assertThat(e.misses()).isEqualTo(30);
        assertThat(e.rebuilds()).isEqualTo(30);
        assertThat(e.evidence().distinctConnections()).isEqualTo(2);
    }

    @Test
    void a_multiplexed_connection_that_rebuilt_for_each_of_its_misses_does_not_count_its_follow_ups() {
        // Two requests missed on one connection; each refill is a MULTI of HSET, HSET, EXPIRE; then
        // a third HSET outside any transaction continues the last rebuild (no miss is waiting).
        Capture c = new Capture().at(0, "1", "HSET", "cart:9", "a", "1");
        for (double t = 1; t < 10; t += 1) {
            c.at(t, "50", "HGETALL", "cart:9");
        }
        c.at(10, "9", "DEL", "cart:9");
        c.at(20, "77", "HGETALL", "cart:9").at(20.5, "77", "HGETALL", "cart:9").at(21, "78", "HGETALL", "cart:9");
        for (int i = 0; i < 2; i++) {
            double t = 60 + 3 * i;
            c.at(t, "77", "MULTI").at(t, "77", "HSET", "cart:9", "a", "1").at(t, "77", "HSET", "cart:9", "b", "2")
                    .at(t, "77", "EXPIRE", "cart:9", "60").at(t, "77", "EXEC");
        }
        c.at(67, "77", "HSET", "cart:9", "c", "3");
        c.at(70, "78", "HSET", "cart:9", "a", "1", "b", "2");
        CacheEvent e = only(c.analyze());
        assertThat(e.misses()).isEqualTo(3);
        assertThat(e.rebuilds()).isEqualTo(3);
        assertThat(e.evidence().distinctConnections()).isEqualTo(2);
        assertThat(e.evidence().distinctHosts()).isEqualTo(1);
    }

    @Test
    void readers_that_each_refresh_a_present_value_past_its_soft_expiry_are_a_refresh_herd() {
        // dogpile-style: the value carries its own expiry; Redis keeps it for 10 minutes.
        Capture c = new Capture().at(0, "1", "SET", "report:daily", "v", "EX", "600");
        reads(c, "report:daily", 1, 2_000, 5);
        for (int i = 0; i < 5; i++) {
            c.at(2_000 + i, String.valueOf(101 + i), "GET", "report:daily");
        }
        for (int i = 0; i < 5; i++) {
            c.at(2_020 + i, String.valueOf(101 + i), "SET", "report:daily", "v2", "EX", "600");
        }
        reads(c, "report:daily", 2_100, 3_000, 5);
        CacheEvent e = only(c.analyze());
        assertThat(e.kind()).isEqualTo("ttl-herd");
        assertThat(e.trigger().cause()).isEqualTo("soft-expiry");
        assertThat(e.misses()).isZero();
        assertThat(e.rebuilds()).isEqualTo(5);
        assertThat(e.evidence().distinctConnections()).isEqualTo(5);
        assertThat(e.recommendations().get(0).action()).isEqualTo("rebuild-lock");
    }

    @Test
    void one_early_refresher_and_a_writer_that_does_not_read_first_are_no_refresh_herd() {
        Capture c = new Capture().at(0, "1", "SET", "feed", "v", "EX", "600");
        reads(c, "feed", 1, 2_000, 5);
        // XFetch: one reader refreshes early; a write-through writer overwrites without reading.
        c.at(1_500, "101", "GET", "feed").at(1_530, "101", "SET", "feed", "v2", "EX", "600");
        c.at(1_531, "9", "SET", "feed", "v3", "EX", "600").at(1_532, "8", "SET", "feed", "v4", "EX", "600");
        assertThat(c.analyze().events()).isEmpty();
    }

    @Test
    void rebuilds_that_land_after_the_refill_still_count_but_later_overwrites_do_not() {
        Capture c = new Capture().at(0, "1", "SET", "k", "v");
        reads(c, "k", 1, 10, 1).at(10, "9", "DEL", "k");
        // Misses at 20..29 ms; the first refill after 100 ms, the last of the in-flight ones at 180 ms.
        for (int i = 0; i < 10; i++) {
            c.at(20 + i, String.valueOf(101 + i), "GET", "k");
        }
        for (int i = 0; i < 10; i++) {
            c.at(120 + i * 7, String.valueOf(101 + i), "SET", "k", "v");
        }
        c.at(5_000, "50", "SET", "k", "unrelated later write");
        CacheEvent e = only(c.analyze());
        assertThat(e.rebuilds()).isEqualTo(10);
    }

    @Test
    void a_key_unseen_before_its_misses_is_recognised_by_its_readers_refilling_it() {
        Capture c = new Capture();
        for (int i = 0; i < 5; i++) {
            c.at(i, String.valueOf(101 + i), "GET", "feed:7");
        }
        for (int i = 0; i < 5; i++) {
            c.at(80 + i, String.valueOf(101 + i), "SET", "feed:7", "v", "EX", "30");
        }
        CacheEvent e = only(c.analyze());
        // One burst whose trigger the capture does not show: a TTL on the refill is no proof.
        assertThat(e.kind()).isEqualTo(CacheEvent.UNEXPLAINED_STAMPEDE);
        assertThat(e.trigger().cause()).isEqualTo("unknown");
        assertThat(e.misses()).isEqualTo(5);
        assertThat(e.rebuilds()).isEqualTo(5);
        assertThat(e.confidence()).isLessThan(0.7);
    }

    @Test
    void a_key_of_unknown_state_hit_for_a_while_counts_only_the_reads_its_refillers_made() {
        // The value was set before the capture: 100 reads hit, then eight clients miss and
        // each refills it, 20 ms apart (a slow backend).
        Capture c = new Capture();
        reads(c, "page:home", 0, 1_000, 10);
        for (int i = 0; i < 8; i++) {
            c.at(1_002 + 2 * i, String.valueOf(101 + i), "GET", "page:home");
        }
        for (int i = 0; i < 8; i++) {
            c.at(1_040 + 20 * i, String.valueOf(101 + i), "SET", "page:home", "v", "EX", "300");
        }
        CacheEvent e = only(c.analyze());
        assertThat(e.trigger().cause()).isEqualTo("unknown");
        assertThat(e.trigger().at().doubleValue()).isCloseTo(Capture.seconds(1_002), within(1e-6));
        assertThat(e.misses()).isEqualTo(8);
        assertThat(e.rebuilds()).isEqualTo(8);
        assertThat(e.evidence().missesBeforeRefill()).isEqualTo(8);
        assertThat(e.evidence().timeline().misses()[0]).isEqualTo(8);
    }

    @Test
    void a_key_of_unknown_state_filled_by_clients_that_did_not_read_it_is_no_miss() {
        // Readers 101.. and writers 201..: no client read the key and then filled it.
        Capture c = new Capture();
        for (int i = 0; i < 8; i++) {
            c.at(2 * i, String.valueOf(101 + i), "GET", "page:home");
        }
        for (int i = 0; i < 8; i++) {
            c.at(40 + 20 * i, String.valueOf(201 + i), "SET", "page:home", "v", "EX", "300");
        }
        assertThat(c.analyze().events()).isEmpty();
    }

    @Test
    void rebuilds_that_write_back_slowly_on_a_saturated_backend_all_count() {
        // Twenty clients miss within 40 ms of the DEL; their rebuilds land 50 ms apart, the
        // last one a second after the first.
        Capture c = new Capture().at(0, "1", "SET", "k", "v");
        reads(c, "k", 1, 1_000, 10).at(1_000, "9", "DEL", "k");
        for (int i = 0; i < 20; i++) {
            c.at(1_001 + 2 * i, String.valueOf(101 + i), "GET", "k");
        }
        for (int i = 0; i < 20; i++) {
            c.at(1_100 + 50 * i, String.valueOf(101 + i), "SET", "k", "v");
        }
        CacheEvent e = only(c.analyze());
        assertThat(e.misses()).isEqualTo(20);
        assertThat(e.rebuilds()).isEqualTo(20);
    }

    @Test
    void a_burst_of_clients_meeting_the_trigger_of_a_rarely_read_key_is_a_stampede() {
        // Read ten times a second, then deleted; eight clients miss within 16 ms of the DEL.
        Capture c = new Capture().at(0, "1", "SET", "k", "v");
        reads(c, "k", 1, 2_000, 100).at(2_000, "9", "DEL", "k");
        herd(c, "k", 2_002, 8, 20);
        assertThat(only(c.analyze()).rebuilds()).isEqualTo(8);
        // Written and deleted without a read in between, then the same burst.
        Capture unread = new Capture().at(0, "1", "SET", "k", "v").at(2_000, "9", "DEL", "k");
        herd(unread, "k", 2_002, 8, 20);
        assertThat(only(unread.analyze()).kind()).isEqualTo(CacheEvent.INVALIDATION_STAMPEDE);
    }

    @Test
    void rename_into_place_carries_the_ttl_so_its_expiry_is_a_herd() {
        Capture c = new Capture().at(0, "1", "SET", "tmp:x", "v", "EX", "2").at(5, "1", "RENAME", "tmp:x", "cfg:home");
        reads(c, "cfg:home", 10, 2_000, 10);
        herd(c, "cfg:home", 2_010, 5, 30);
        CacheEvent e = only(c.analyze());
        assertThat(e.kind()).isEqualTo(CacheEvent.TTL_HERD);
        assertThat(e.trigger().at().doubleValue()).isCloseTo(Capture.seconds(2_000), within(1e-6));
        assertThat(e.rebuilds()).isEqualTo(5);
    }

    @Test
    void keys_with_utf8_quotes_spaces_and_newlines_are_reported_as_text() {
        String key = "héllo \"wörld\"\nline2";
        Capture c = new Capture().at(0, "1", "SET", key, "v");
        reads(c, key, 1, 10, 1).at(10, "9", "UNLINK", key);
        herd(c, key, 20, 3, 20);
        CacheEvent e = only(c.analyze());
        assertThat(e.key()).isEqualTo("héllo \"wörld\"\\x0aline2");
    }

    @Test
    void flushdb_invalidates_only_its_db_and_flushall_every_db() {
        Capture c = new Capture().atDb(0, 1, "1", "SET", "k", "v").atDb(0, 2, "1", "SET", "k", "v");
        readsInDb(c, 1, "k", 1, 10, 1);
        readsInDb(c, 2, "k", 1, 10, 1);
        c.atDb(10, 1, "9", "FLUSHDB");
        for (int db = 1; db <= 2; db++) {
            for (int i = 0; i < 3; i++) {
                c.atDb(20 + i, db, String.valueOf(101 + i), "GET", "k");
                c.atDb(60 + i, db, String.valueOf(101 + i), "SET", "k", "v");
            }
        }
        CacheEvent e = only(c.analyze());
        assertThat(e.db()).isEqualTo(1);
        assertThat(e.trigger().command()).isEqualTo("FLUSHDB");
    }

    @Test
    void many_keys_written_together_with_one_ttl_are_one_pattern_level_herd() {
        Capture c = new Capture();
        for (int k = 0; k < 200; k++) {
            c.at(k * 0.2, "1", "SET", "session:" + (1000 + k), "v", "EX", "30");
        }
        // Each key is read once after expiry and refilled once: no single-key episode is an alarm.
        for (int k = 0; k < 200; k++) {
            String client = String.valueOf(101 + k % 20);
            c.at(30_100 + k, client, "GET", "session:" + (1000 + k));
            c.at(30_130 + k, client, "SET", "session:" + (1000 + k), "v", "EX", "30");
        }
        CacheEvent e = only(c.analyze());
        assertThat(e.kind()).isEqualTo(CacheEvent.TTL_HERD);
        assertThat(e.key()).isNull();
        assertThat(e.keyPattern()).isEqualTo("session:*");
        assertThat(e.keys()).isEqualTo(200);
        assertThat(e.trigger().at().doubleValue()).isCloseTo(Capture.seconds(30_000), within(1e-6));
        assertThat(e.rebuilds()).isEqualTo(200);
        assertThat(e.recommendations().get(0).action()).isEqualTo("ttl-jitter");
    }

    @Test
    void keys_named_by_words_written_together_merge_into_one_pattern_level_herd() {
        // user:<name>:profile with plain-word names: each key is a pattern of its own until
        // enough siblings differ in that one segment.
        Capture c = new Capture();
        List<String> keys = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (int k = 0; k < 200; k++) {
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                name.append((char) ('a' + random.nextInt(26)));
            }
            keys.add("user:" + name + ":profile");
        }
        for (int k = 0; k < 200; k++) {
            c.at(k * 0.2, "1", "SET", keys.get(k), "v", "EX", "30");
        }
        for (int k = 0; k < 200; k++) {
            String client = String.valueOf(101 + k % 20);
            c.at(30_100 + k, client, "GET", keys.get(k));
            c.at(30_130 + k, client, "SET", keys.get(k), "v", "EX", "30");
        }
        CacheEvent e = only(c.analyze());
        assertThat(e.kind()).isEqualTo(CacheEvent.TTL_HERD);
        assertThat(e.key()).isNull();
        assertThat(e.keyPattern()).isEqualTo("user:*:profile");
        assertThat(e.keys()).isEqualTo(200);
    }

    @Test
    void patterns_differing_in_one_segment_merge_only_with_enough_siblings() {
        java.util.Map<Long, String> names = new java.util.LinkedHashMap<>();
        for (int i = 0; i < CoordinatedExpiry.MIN_SIBLINGS; i++) {
            names.put((long) i, "page:" + (char) ('a' + i) + "home");
        }
        names.put(100L, "cart:one");
        names.put(101L, "cart:two");
        names.put(1L << 32 | 200, "page:zhome"); // db 1: no siblings there
        java.util.Map<Long, String> merged = CoordinatedExpiry.mergeSiblings(names);
        assertThat(merged.get(0L)).isEqualTo("page:*");
        assertThat(merged.get(100L)).isEqualTo("cart:one");
        assertThat(merged.get(1L << 32 | 200)).isEqualTo("page:zhome");
    }

    @Test
    void keys_written_with_jittered_ttls_are_not_a_herd() {
        Capture c = new Capture();
        java.util.Random random = new java.util.Random(7);
        int[] ttls = new int[200];
        for (int k = 0; k < 200; k++) {
            ttls[k] = 27_000 + random.nextInt(6_001); // 30 s ± 10 %
            c.at(k * 0.2, "1", "SET", "session:" + (1000 + k), "v", "PX", String.valueOf(ttls[k]));
        }
        List<Integer> order = new java.util.ArrayList<>();
        for (int k = 0; k < 200; k++) {
            order.add(k);
        }
        order.sort((a, b) -> Integer.compare(ttls[a], ttls[b]));
        for (int k : order) {
            String client = String.valueOf(101 + k % 20);
            c.at(ttls[k] + 50 + k * 0.2, client, "GET", "session:" + (1000 + k));
            c.at(ttls[k] + 80 + k * 0.2, client, "SET", "session:" + (1000 + k), "v", "PX", "30000");
        }
        assertThat(c.analyze().events()).isEmpty();
    }

    @Test
    void concurrent_misses_on_a_key_read_less_than_once_per_rebuild_are_a_coincidence_not_a_stampede() {
        // Read about 3 times a second, then deleted; much later four readers happen to miss it
        // together. The trigger did not cause that burst.
        Capture c = new Capture().at(0, "1", "SET", "k", "v");
        reads(c, "k", 1, 3_000, 300).at(3_000, "9", "DEL", "k");
        herd(c, "k", 4_000, 4, 30);
        assertThat(c.analyze().events()).isEmpty();
        // The same burst on a key read every 10 ms is a stampede.
        Capture hot = new Capture().at(0, "1", "SET", "k", "v");
        reads(hot, "k", 1, 3_000, 10).at(3_000, "9", "DEL", "k");
        herd(hot, "k", 4_000, 4, 30);
        assertThat(only(hot.analyze()).kind()).isEqualTo(CacheEvent.INVALIDATION_STAMPEDE);
    }

    @Test
    void a_rarely_read_deleted_key_and_heavy_healthy_traffic_raise_nothing() {
        Capture c = new Capture().at(0, "1", "SET", "cold", "v").at(10, "9", "DEL", "cold");
        c.at(5_000, "3", "GET", "cold").at(5_040, "3", "SET", "cold", "v");
        for (int i = 0; i < 2_000; i++) {
            String key = "item:" + (i % 50);
            if (i < 50) {
                c.at(20 + i, "2", "SET", key, "v", "EX", "3600");
            } else {
                c.at(20 + i, String.valueOf(101 + i % 30), "GET", key);
            }
        }
        assertThat(c.analyze().events()).isEmpty();
    }

    @Test
    void a_read_in_the_expirys_own_millisecond_still_hits_as_in_redis() {
        // Redis stores expiry in ms and expires only once the current ms is past it.
        Capture c = new Capture().at(0.3, "1", "SET", "k", "v", "PX", "100");
        reads(c, "k", 1, 100, 2);
        c.at(100.5, "101", "GET", "k").at(100.9, "102", "GET", "k");       // same ms as the expiry: hits
        herd(c, "k", 101.0, 3, 20);                                         // next ms: misses
        CacheEvent e = only(c.analyze());
        assertThat(e.misses()).isEqualTo(3);
        assertThat(e.evidence().timeline().reads()[0]).isZero();
        assertThat(dev.stampededoctor.detectors.command.ExpiryClock.expiredFrom(1_000_300)).isEqualTo(1_001_000);
        assertThat(dev.stampededoctor.detectors.command.ExpiryClock.expiredFrom(1_000_000)).isEqualTo(1_001_000);
    }

    @Test
    void reads_stamped_just_before_the_computed_expiry_that_their_clients_rebuild_were_misses() {
        // MONITOR stamps the EXPIRE after it ran (here 1.4 ms after), Redis times the TTL from
        // the millisecond it started in: the key really went at 1,001 ms, not 1,002 ms.
        Capture c = new Capture().at(0, "1", "SET", "k", "v").at(1.4, "1", "EXPIRE", "k", "1");
        reads(c, "k", 2, 1_001, 2);
        c.at(985, "60", "GET", "k");                                         // a hit 16 ms before
        for (int i = 0; i < 4; i++) {
            c.at(1_001.1 + 0.2 * i, String.valueOf(201 + i), "GET", "k");  // misses, stamped as hits
        }
        herd(c, "k", 1_002.2, 4, 30);                                       // misses after the computed expiry
        for (int i = 0; i < 4; i++) {
            c.at(1_031.1 + 0.2 * i, String.valueOf(201 + i), "SET", "k", "v");
        }
        c.at(1_032, "60", "SET", "k", "v");                                  // an overwrite, not a miss
        CacheEvent e = only(c.analyze());
        assertThat(e.kind()).isEqualTo(CacheEvent.TTL_HERD);
        assertThat(e.misses()).isEqualTo(8);
        assertThat(e.rebuilds()).isEqualTo(9);
        assertThat(e.trigger().at().doubleValue()).isCloseTo(Capture.seconds(1_001.4), within(1e-6));
        assertThat(e.evidence().timeline().misses()[0]).isEqualTo(8);
    }

    @Test
    void when_every_miss_of_an_expiry_is_stamped_before_it_the_rebuilds_still_open_the_herd() {
        Capture c = new Capture().at(0, "1", "SET", "k", "v", "PX", "1000");
        reads(c, "k", 1, 999, 2);
        for (int i = 0; i < 5; i++) {
            c.at(1_000.1 + 0.1 * i, String.valueOf(101 + i), "GET", "k");
        }
        for (int i = 0; i < 5; i++) {
            c.at(1_030 + i, String.valueOf(101 + i), "SET", "k", "v", "PX", "1000");
        }
        CacheEvent e = only(c.analyze());
        assertThat(e.kind()).isEqualTo(CacheEvent.TTL_HERD);
        assertThat(e.misses()).isEqualTo(5);
        assertThat(e.rebuilds()).isEqualTo(5);
    }

    @Test
    void on_a_replica_a_del_may_be_an_expiry_so_confidence_drops_and_says_why() {
        Capture c = new Capture().at(0, "1", "SET", "k", "v");
        reads(c, "k", 1, 50, 2).at(50, "9", "DEL", "k");
        herd(c, "k", 60, 5, 20);
        CacheEvent primary = only(c.analyze());
        CacheEvent replica = only(c.analyze(AnalyzerOptions.defaults().withReplica(true)));
        assertThat(replica.kind()).isEqualTo(CacheEvent.INVALIDATION_STAMPEDE);
        assertThat(replica.confidence()).isLessThan(primary.confidence() - 0.3);
        assertThat(replica.evidence().reasons()).anyMatch(r -> r.contains("replica"));
        // GETDEL is a client's command even on a replica: no doubt about it.
        Capture getdel = new Capture().at(0, "1", "SET", "k", "v");
        reads(getdel, "k", 1, 50, 2).at(50, "9", "GETDEL", "k");
        herd(getdel, "k", 60, 5, 20);
        assertThat(only(getdel.analyze(AnalyzerOptions.defaults().withReplica(true))).confidence())
                .isEqualTo(only(getdel.analyze()).confidence());
    }
}
