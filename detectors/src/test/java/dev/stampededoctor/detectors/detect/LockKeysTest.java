package dev.stampededoctor.detectors.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.LockUsage;
import dev.stampededoctor.detectors.report.Report;
import org.junit.jupiter.api.Test;

class LockKeysTest {

    /**
     * Spring's locking cache writer on one shared connection after an evict: every thread polls
     * {@code category~lock}, reads the cache key (a miss), and writes it back under the lock, taken
     * with {@code SET … NX} without expiry and released with DEL.
     */
    private static Capture springLockingWriter(int threads) {
        Capture c = new Capture().at(0, "1", "SET", "category::tv", "v", "PX", "60000")
                .at(0.5, "1", "SET", "category::radio", "v", "PX", "60000");
        for (double t = 1; t < 10; t += 1) {
            c.at(t, "50", "EXISTS", "category~lock").at(t, "50", "GET", "category::tv");
        }
        c.at(10, "9", "EXISTS", "category~lock").at(10, "9", "DEL", "category::tv");
        for (int i = 0; i < threads; i++) {
            c.at(11 + 0.01 * i, "51116", "EXISTS", "category~lock").at(11.005 + 0.01 * i, "51116", "GET", "category::tv");
        }
        double t = 60;
        for (int i = 0; i < threads; i++) {
            c.at(t, "51116", "EXISTS", "category~lock").at(t + 0.1, "51116", "SET", "category~lock", "", "NX")
                    .at(t + 0.2, "51116", "SET", "category::tv", "v", "PX", "60000")
                    .at(t + 0.3, "51116", "DEL", "category~lock");
            t += 2;
        }
        return c;
    }

    @Test
    void the_lock_of_a_locking_cache_writer_is_a_lock_not_a_stampede_and_the_cache_key_is() {
        Report r = springLockingWriter(20).analyze();
        assertThat(r.events()).extracting(CacheEvent::key).containsExactly("category::tv");
        CacheEvent e = r.events().get(0);
        assertThat(e.kind()).isEqualTo("invalidation-stampede");
        assertThat(e.misses()).isEqualTo(20);
        assertThat(e.rebuilds()).isEqualTo(20);
        assertThat(r.locks()).hasSize(1);
        LockUsage lock = r.locks().get(0);
        assertThat(lock.key()).isEqualTo("category~lock");
        assertThat(lock.guards()).containsExactlyInAnyOrder("category::tv", "category::radio");
        assertThat(lock.acquisitions()).isEqualTo(20);
        assertThat(lock.releases()).isEqualTo(20);
        // Reads count from its first NX write: the polls of the first 19 waiters after it.
        assertThat(lock.polls()).isEqualTo(19);
        assertThat(lock.medianHoldMs()).isEqualTo(0.2);
        assertThat(lock.ttlSeconds()).isNull();
        assertThat(lock.risks()).anySatisfy(risk -> assertThat(risk).startsWith("no expiry"))
                .anySatisfy(risk -> assertThat(risk).startsWith("one lock for 2 keys")
                        .contains("It cost 0.004 s held in 20 hold(s)").contains("polled it 19 time(s)"));
    }

    @Test
    void a_cache_key_refilled_with_set_nx_and_deleted_by_a_writer_is_still_a_cache_key() {
        Capture c = new Capture().at(0, "1", "SET", "price:1", "v", "NX", "EX", "600");
        for (double t = 1; t < 10; t += 1) {
            c.at(t, "50", "GET", "price:1");
        }
        c.at(10, "9", "DEL", "price:1");
        for (int i = 0; i < 6; i++) {
            c.at(11 + i, String.valueOf(101 + i), "GET", "price:1");
        }
        for (int i = 0; i < 6; i++) {
            c.at(50 + i, String.valueOf(101 + i), "SET", "price:1", "v", "NX", "EX", "600");
        }
        Report r = c.analyze();
        assertThat(r.events()).extracting(CacheEvent::key, CacheEvent::rebuilds).containsExactly(
                org.assertj.core.groups.Tuple.tuple("price:1", 6L));
        assertThat(r.locks()).isEmpty();
    }

    @Test
    void a_per_key_lock_with_an_expiry_released_by_a_script_guards_its_key() {
        Capture c = new Capture().at(0, "1", "SET", "product:42", "v");
        for (double t = 1; t < 10; t += 1) {
            c.at(t, "50", "GET", "product:42");
        }
        c.at(10, "9", "DEL", "product:42");
        for (int i = 0; i < 5; i++) {
            String conn = String.valueOf(101 + i);
            c.at(11 + i, conn, "GET", "product:42").at(11.1 + i, conn, "SET", "lock:product:42", "t" + i, "NX", "PX", "3000");
        }
        c.at(40, "101", "SET", "product:42", "v").at(40.1, "101", "EVAL", "if redis.call('get',KEYS[1]) == ARGV[1] then"
                + " return redis.call('del',KEYS[1]) end", "1", "lock:product:42", "t0")
                .at(40.1, "lua", "GET", "lock:product:42").at(40.1, "lua", "DEL", "lock:product:42");
        Report r = c.analyze();
        assertThat(r.events()).allSatisfy(e -> assertThat(e.key()).isEqualTo("product:42"));
        assertThat(r.locks()).singleElement().satisfies(lock -> {
            assertThat(lock.key()).isEqualTo("lock:product:42");
            assertThat(lock.acquisitions()).isEqualTo(1);
            assertThat(lock.refusedAttempts()).isEqualTo(4);
            assertThat(lock.waiters()).isEqualTo(4);
            assertThat(lock.releases()).isEqualTo(1);
            assertThat(lock.ttlSeconds()).isEqualTo(3.0);
            assertThat(lock.risks()).isEmpty();
        });
    }

    @Test
    void a_lock_deleted_while_nobody_held_it_is_a_risk() {
        Capture c = new Capture();
        c.at(0, "7", "SET", "items~lock", "", "NX").at(0.1, "7", "SET", "items~lock", "", "NX")
                .at(1, "7", "DEL", "items~lock").at(1.1, "7", "DEL", "items~lock");
        assertThat(c.analyze().locks()).singleElement().satisfies(lock -> {
            assertThat(lock.acquisitions()).isEqualTo(1);
            assertThat(lock.refusedAttempts()).isEqualTo(1);
            assertThat(lock.releases()).isEqualTo(1);
            assertThat(lock.risks()).anySatisfy(r -> assertThat(r).startsWith("deleted 1 time(s) while nobody held it"));
        });
    }

    @Test
    void lock_names_lose_their_lock_word() {
        assertThat(LockReporter.baseName("category~lock")).isEqualTo("category");
        assertThat(LockReporter.baseName("lock:product:42")).isEqualTo("product:42");
        assertThat(LockReporter.baseName("user:1.mutex")).isEqualTo("user:1");
        assertThat(LockReporter.baseName("blocked:list")).isEqualTo("blocked:list");
        assertThat(LockReporter.guards("product:42", "product:*")).isTrue();
        assertThat(LockReporter.guards("category", "category::*")).isTrue();
        assertThat(LockReporter.guards("category", "categoryx:*")).isFalse();
    }
}
