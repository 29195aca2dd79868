package dev.stampededoctor.detectors.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InternCacheTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void gives_the_tables_ids_for_short_and_long_strings_in_any_order() {
        ByteTable table = new ByteTable(10_000);
        InternCache cache = new InternCache(table);
        String[] names = {"", "a", "127.0.0.1:50312", "127.0.0.1:50313", "[::1]:6379",
            "exactly16bytes!!", "seventeen bytes!!", "unix:/run/redis/redis-server.sock"};
        for (int round = 0; round < 3; round++) {
            for (String name : names) {
                byte[] b = ascii("##" + name + "##");
                int id = cache.intern(b, 2, name.length());
                assertThat(id).isEqualTo(table.find(0, ascii(name), 0, name.length()));
                assertThat(table.bytes(id)).isEqualTo(ascii(name));
            }
        }
        assertThat(table.size()).isEqualTo(names.length);
    }

    @Test
    void never_confuses_strings_that_share_a_slot() {
        ByteTable table = new ByteTable(100_000);
        InternCache cache = new InternCache(table);
        // 20 000 distinct sources through 256 slots: most lookups evict another entry.
        for (int round = 0; round < 2; round++) {
            for (int port = 0; port < 20_000; port++) {
                byte[] b = ascii("10.0.0.1:" + port);
                int id = cache.intern(b, 0, b.length);
                assertThat(table.bytes(id)).isEqualTo(b);
            }
        }
        assertThat(table.size()).isEqualTo(20_000);
    }

    @Test
    void reports_full_like_the_table() {
        ByteTable table = new ByteTable(1);
        InternCache cache = new InternCache(table);
        assertThat(cache.intern(ascii("a"), 0, 1)).isZero();
        assertThat(cache.intern(ascii("b"), 0, 1)).isEqualTo(ByteTable.FULL);
        assertThat(cache.intern(ascii("a"), 0, 1)).isZero();
    }
}
