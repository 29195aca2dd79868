package dev.stampededoctor.detectors.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Diagnosis;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.Report;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events grouped into incidents: one cause, one finding; ranked, diagnosed and advised. */
class IncidentsTest {

    /** Clients 101…(100+n) read {@code key} every 10 ms from {@code fromMs} until {@code toMs}. */
    private static void hot(Capture c, String key, int clients, double fromMs, double toMs) {
        for (double t = fromMs; t < toMs; t += 10) {
            for (int k = 0; k < clients; k++) {
                c.at(t + k * 0.1, String.valueOf(101 + k), "GET", key);
            }
        }
    }

    /** After a trigger at {@code atMs}: clients miss {@code key} and each rebuilds it 50 ms later. */
    private static void stampede(Capture c, String key, int clients, double atMs, String... fill) {
        for (int k = 0; k < clients; k++) {
            c.at(atMs + 1 + k * 0.2, String.valueOf(101 + k), "GET", key);
        }
        for (int k = 0; k < clients; k++) {
            List<String> args = new ArrayList<>(List.of("SET", key, "v"));
            args.addAll(List.of(fill));
            c.at(atMs + 51 + k * 0.2, String.valueOf(101 + k), args.toArray(String[]::new));
        }
    }

    private static List<String> codes(Incident i) {
        return i.diagnoses().stream().map(Diagnosis::code).toList();
    }

    @Test
    void one_multi_key_del_is_one_incident_quoting_its_own_line() {
        Capture c = new Capture();
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            c.at(0, "50", "SET", "price:sku-" + k, "v");
            keys.add("price:sku-" + k);
        }
        for (String key : keys) {
            hot(c, key, 6, 10, 500);
        }
        List<String> del = new ArrayList<>(List.of("DEL"));
        del.addAll(keys);
        c.at(500, "60", del.toArray(String[]::new));
        for (String key : keys) {
            stampede(c, key, 6, 500);
        }
        Capture sorted = c.inTimeOrder();
        long line = sorted.lineOf("\"DEL\" \"price:sku-0\"");
        Report r = sorted.analyze();
        assertThat(r.events()).hasSize(10).allMatch(e -> e.kind().equals(CacheEvent.INVALIDATION_STAMPEDE));
        assertThat(r.incidents()).hasSize(1);
        Incident i = r.incidents().get(0);
        assertThat(i.rank()).isEqualTo(1);
        assertThat(i.alarm()).isTrue();
        assertThat(i.keyCount()).isEqualTo(10);
        assertThat(i.events()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(i.rebuilds()).isEqualTo(60);
        assertThat(i.redundantRebuilds()).isEqualTo(50);
        assertThat(i.recurrence()).isNull();
        assertThat(codes(i)).contains("batch-invalidation");
        assertThat(i.trigger().line()).startsWith("1700000000.500000 [0 10.0.0.1:60] \"DEL\" \"price:sku-0\" \"price:sku-1\"")
                .endsWith("\"price:sku-9\"");
        assertThat(i.trigger().file()).isEqualTo("test");
        assertThat(i.trigger().lineNumber()).isEqualTo(line);
        assertThat(r.verdict().alarms()).isEqualTo(1);
        assertThat(r.verdict().rebuilds()).isEqualTo(60);
    }

    @Test
    void a_loop_of_single_key_dels_from_one_client_is_one_incident_and_another_clients_del_is_another() {
        Capture c = new Capture();
        for (int k = 0; k < 5; k++) {
            c.at(0, "50", "SET", "item:" + k, "v");
            hot(c, "item:" + k, 5, 10, 500);
        }
        c.at(0, "50", "SET", "other", "v");
        hot(c, "other", 5, 10, 500);
        for (int k = 0; k < 5; k++) {
            c.at(500 + 2 * k, "60", "DEL", "item:" + k);
        }
        c.at(505, "70", "DEL", "other");
        for (int k = 0; k < 5; k++) {
            stampede(c, "item:" + k, 5, 510);
        }
        stampede(c, "other", 5, 510);
        Report r = c.inTimeOrder().analyze();
        assertThat(r.events()).hasSize(6);
        assertThat(r.incidents()).hasSize(2);
        assertThat(r.incidents().get(0).keyCount()).isEqualTo(5);
        assertThat(r.incidents().get(0).trigger().connection()).isEqualTo("10.0.0.1:60");
        assertThat(r.incidents().get(1).keys()).containsExactly("other");
    }

    @Test
    void dels_from_one_client_seconds_apart_are_separate_occurrences_of_one_recurring_incident() {
        Capture c = new Capture();
        c.at(0, "50", "SET", "cart:1", "v");
        for (int round = 0; round < 3; round++) {
            double t = round * 2_000;
            hot(c, "cart:1", 6, t + 10, t + 1_000);
            c.at(t + 1_000, "60", "DEL", "cart:1");
            stampede(c, "cart:1", 6, t + 1_000);
        }
        Report r = c.inTimeOrder().analyze();
        assertThat(r.events()).hasSize(3);
        assertThat(r.incidents()).hasSize(1);
        Incident i = r.incidents().get(0);
        assertThat(i.recurrence().count()).isEqualTo(3);
        assertThat(i.recurrence().periodSeconds()).isEqualTo(2.0);
        assertThat(i.recurrence().matchesTtl()).isNull();
        assertThat(codes(i)).contains("repeated-invalidation");
    }

    @Test
    void a_key_herding_at_every_expiry_is_one_recurring_incident_whose_period_is_its_ttl() {
        Capture c = new Capture();
        c.at(0, "50", "SET", "feed", "v", "PX", "1000");
        // Hot for 3.5 s: it expires at 1 s, is rebuilt with the same TTL, expires again…
        double expiry = 1_000;
        for (int round = 0; round < 3; round++) {
            hot(c, "feed", 6, round == 0 ? 10 : expiry - 950, expiry);
            stampede(c, "feed", 6, expiry, "PX", "1000");
            expiry = expiry + 51 + 1_000;
        }
        Report r = c.inTimeOrder().analyze();
        assertThat(r.events()).hasSize(3).allMatch(e -> e.kind().equals(CacheEvent.TTL_HERD));
        assertThat(r.incidents()).hasSize(1);
        Incident i = r.incidents().get(0);
        assertThat(i.kind()).isEqualTo(CacheEvent.TTL_HERD);
        assertThat(i.recurrence().count()).isEqualTo(3);
        assertThat(i.recurrence().periodSeconds()).isBetween(1.0, 1.1);
        assertThat(i.recurrence().matchesTtl()).isTrue();
        assertThat(codes(i)).contains("ttl-sawtooth");
    }

    @Test
    void an_unknown_trigger_recurring_at_the_refills_ttl_is_a_ttl_herd() {
        Capture c = new Capture();
        // The capture starts in the middle of traffic: the first burst's cause is not in it.
        double t = 0;
        for (int round = 0; round < 3; round++) {
            stampede(c, "feed", 6, t, "PX", "1000");
            double expiry = t + 51 + 1_000;
            hot(c, "feed", 6, t + 100, expiry);
            t = expiry;
        }
        Report r = c.inTimeOrder().analyze();
        assertThat(r.incidents()).hasSize(1);
        assertThat(r.events()).allMatch(e -> e.kind().equals(CacheEvent.TTL_HERD));
        assertThat(r.events().get(0).trigger().cause()).isEqualTo("unknown");
        assertThat(r.events().get(0).evidence().reasons()).anyMatch(s -> s.contains("recurs every"));
    }

    @Test
    void a_burst_on_a_key_the_capture_never_showed_is_a_cold_start_with_lock_and_warm_up_advice() {
        Capture c = new Capture();
        c.at(0, "50", "SET", "config", "v");
        hot(c, "config", 2, 10, 2_000);
        for (int k = 0; k < 16; k++) {
            c.at(2_000 + k * 0.1, String.valueOf(101 + k), "GET", "catalog:new");
        }
        for (int k = 0; k < 16; k++) {
            c.at(2_060 + k * 0.3, String.valueOf(101 + k), "SET", "catalog:new", "v", "EX", "60");
        }
        Report r = c.inTimeOrder().analyze();
        assertThat(r.incidents()).hasSize(1);
        Incident i = r.incidents().get(0);
        assertThat(i.kind()).isEqualTo(CacheEvent.UNEXPLAINED_STAMPEDE);
        assertThat(i.alarm()).isTrue();
        assertThat(i.trigger().cause()).isEqualTo("unknown");
        assertThat(i.rebuilds()).isEqualTo(16);
        assertThat(codes(i)).containsExactly("cold-start");
        assertThat(i.recommendations()).extracting(x -> x.action()).startsWith("rebuild-lock", "warm-up")
                .doesNotContain("xfetch");
    }

    @Test
    void a_burst_at_the_start_of_the_capture_has_no_cold_start_claim_only_a_missing_trigger() {
        Capture c = new Capture();
        for (int k = 0; k < 8; k++) {
            c.at(k * 0.1, String.valueOf(101 + k), "GET", "catalog:new");
        }
        for (int k = 0; k < 8; k++) {
            c.at(60 + k * 0.3, String.valueOf(101 + k), "SET", "catalog:new", "v", "EX", "60");
        }
        Incident i = c.inTimeOrder().analyze().incidents().get(0);
        assertThat(i.kind()).isEqualTo(CacheEvent.UNEXPLAINED_STAMPEDE);
        assertThat(codes(i)).containsExactly("trigger-not-captured");
        assertThat(i.recommendations().get(0).action()).isEqualTo("rebuild-lock");
    }

    /** Hosts 10.0.0.21… each with {@code perHost} connections that miss; {@code rebuildersPerHost} of them rebuild. */
    private static Report fleet(int hosts, int perHost, int rebuildersPerHost) {
        Capture c = new Capture();
        c.at(0, "50", "SET", "menu", "v");
        for (double t = 10; t < 500; t += 10) {
            for (int h = 0; h < hosts; h++) {
                for (int k = 0; k < perHost; k++) {
                    c.from(t + k * 0.1, 0, "10.0.0." + (21 + h) + ":" + (4000 + k), "GET", "menu");
                }
            }
        }
        c.at(500, "60", "DEL", "menu");
        for (int h = 0; h < hosts; h++) {
            for (int k = 0; k < perHost; k++) {
                c.from(501 + h + k * 0.1, 0, "10.0.0." + (21 + h) + ":" + (4000 + k), "GET", "menu");
            }
        }
        for (int h = 0; h < hosts; h++) {
            for (int k = 0; k < rebuildersPerHost; k++) {
                c.from(550 + h + k * 0.1, 0, "10.0.0." + (21 + h) + ":" + (4000 + k), "SET", "menu", "v");
            }
        }
        return c.inTimeOrder().analyze();
    }

    @Test
    void one_rebuild_per_host_while_each_hosts_other_connections_wait_is_a_per_process_lock() {
        Report r = fleet(4, 4, 1);
        Incident i = r.incidents().get(0);
        assertThat(i.rebuilds()).isEqualTo(4);
        assertThat(codes(i)).contains("per-process-lock");
        assertThat(i.recommendations().get(0).action()).isEqualTo("rebuild-lock");
        assertThat(i.recommendations().get(0).advice()).contains("Move the lock into Redis").contains("SET lock:menu");
    }

    @Test
    void hosts_whose_every_connection_rebuilds_or_that_have_one_connection_each_hold_no_per_process_lock() {
        assertThat(codes(fleet(4, 4, 4).incidents().get(0))).doesNotContain("per-process-lock");
        assertThat(codes(fleet(6, 1, 1).incidents().get(0))).doesNotContain("per-process-lock");
    }

    /** A 3-rebuild TTL herd on "small" at 0.5 s, then a 16-rebuild DEL stampede on "big" at 2 s. */
    private static Report smallHerdThenBigStampede() {
        Capture c = new Capture();
        c.at(0, "50", "SET", "small", "v", "PX", "500");
        hot(c, "small", 3, 10, 500);
        stampede(c, "small", 3, 500);
        c.at(0, "50", "SET", "big", "v");
        hot(c, "big", 16, 10, 2_000);
        c.at(2_000, "60", "DEL", "big");
        stampede(c, "big", 16, 2_000);
        return c.inTimeOrder().analyze();
    }

    @Test
    void incidents_rank_by_redundant_rebuilds_not_by_time() {
        Report r = smallHerdThenBigStampede();
        assertThat(r.incidents()).hasSize(2);
        assertThat(r.incidents().get(0).keys()).containsExactly("big");
        assertThat(r.incidents().get(0).rank()).isEqualTo(1);
        assertThat(r.incidents().get(1).keys()).containsExactly("small");
        assertThat(r.verdict().summary()).startsWith("2 incidents in ")
                .contains("1 invalidation-driven stampede, 1 TTL-driven herd");
    }

    @Test
    void a_flushdb_that_stampedes_several_hot_keys_is_one_incident() {
        Capture c = new Capture();
        for (String key : List.of("a", "b", "c")) {
            c.at(0, "50", "SET", key, "v");
            hot(c, key, 5, 10, 500);
        }
        c.at(500, "60", "FLUSHDB");
        for (String key : List.of("a", "b", "c")) {
            stampede(c, key, 5, 500);
        }
        Report r = c.inTimeOrder().analyze();
        assertThat(r.events()).hasSize(3);
        assertThat(r.incidents()).hasSize(1);
        assertThat(r.incidents().get(0).trigger().command()).isEqualTo("FLUSHDB");
        assertThat(r.incidents().get(0).trigger().line()).endsWith("[0 10.0.0.1:60] \"FLUSHDB\"");
        assertThat(r.incidents().get(0).keyCount()).isEqualTo(3);
    }

    @Test
    void the_single_key_herds_of_a_coordinated_expiry_are_part_of_its_incident_and_counted_once() {
        Capture c = new Capture();
        for (int k = 0; k < 200; k++) {
            c.at(k * 0.2, "1", "SET", "session:" + (1000 + k), "v", "EX", "30");
        }
        for (int k = 0; k < 200; k++) {
            String client = String.valueOf(101 + k % 20);
            c.at(30_100 + k, client, "GET", "session:" + (1000 + k));
            c.at(30_130 + k, client, "SET", "session:" + (1000 + k), "v", "EX", "30");
        }
        // One of them is hot as well: read by six clients, it herds on its own.
        hot(c, "session:1000", 6, 20, 30_000);
        stampede(c, "session:1000", 6, 30_000);
        Report r = c.inTimeOrder().analyze();
        assertThat(r.events()).hasSize(2);
        assertThat(r.incidents()).hasSize(1);
        Incident i = r.incidents().get(0);
        assertThat(i.kind()).isEqualTo(CacheEvent.TTL_HERD);
        assertThat(i.keyCount()).isEqualTo(200);
        assertThat(i.keyPatterns()).contains("session:*");
        CacheEvent pattern = r.events().stream().filter(e -> e.key() == null).findFirst().orElseThrow();
        assertThat(i.rebuilds()).isEqualTo(pattern.rebuilds());
    }

    @Test
    void with_postgresql_samples_the_incident_that_wasted_database_time_ranks_first() {
        Report r = smallHerdThenBigStampede();
        assertThat(r.incidents().get(0).keys()).containsExactly("big");
        // PostgreSQL saw the small herd's rebuild queries only (the big key is rebuilt elsewhere).
        List<dev.stampededoctor.detectors.db.DbSample> samples = new ArrayList<>();
        for (int ms = -1_500; ms <= 3_000; ms += 10) {
            List<dev.stampededoctor.detectors.db.DbSample.Row> rows = new ArrayList<>();
            if (ms >= 505 && ms <= 545) {
                for (int k = 0; k < 3; k++) {
                    rows.add(new dev.stampededoctor.detectors.db.DbSample.Row(100 + k, null,
                            "SELECT v FROM t WHERE k = 'small'", Capture.START_MICROS + 502_000 + k * 200));
                }
            }
            samples.add(new dev.stampededoctor.detectors.db.DbSample(Capture.START_MICROS + ms * 1000L, rows));
        }
        Report withDb = r.withDatabase("test", samples, 10, List.of(), 3, null);
        Incident first = withDb.incidents().get(0);
        assertThat(first.keys()).containsExactly("small");
        assertThat(first.rank()).isEqualTo(1);
        assertThat(first.wastedDbMs()).isEqualTo(2 * first.rebuildMs());
        assertThat(withDb.incidents().get(1).wastedDbMs()).isNull();
    }
}
