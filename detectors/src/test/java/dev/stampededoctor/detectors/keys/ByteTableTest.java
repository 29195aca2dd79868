package dev.stampededoctor.detectors.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteTableTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void interns_equal_bytes_to_one_id_per_tag() {
        ByteTable table = new ByteTable(100);
        byte[] buf = b("xxuser:1yy");
        int a = table.intern(0, buf, 2, 6);
        int again = table.intern(0, b("user:1"), 0, 6);
        int otherDb = table.intern(1, b("user:1"), 0, 6);
        assertThat(again).isEqualTo(a);
        assertThat(otherDb).isNotEqualTo(a);
        assertThat(table.bytes(a)).isEqualTo(b("user:1"));
        assertThat(table.tag(otherDb)).isEqualTo(1);
        assertThat(table.find(1, b("user:1"), 0, 6)).isEqualTo(otherDb);
        assertThat(table.find(2, b("user:1"), 0, 6)).isEqualTo(-1);
    }

    @Test
    void grows_past_its_initial_size_and_keeps_every_entry() {
        ByteTable table = new ByteTable(1_000_000);
        for (int i = 0; i < 200_000; i++) {
            assertThat(table.intern(0, b("key:" + i), 0, b("key:" + i).length)).isEqualTo(i);
        }
        for (int i = 0; i < 200_000; i += 997) {
            assertThat(table.find(0, b("key:" + i), 0, b("key:" + i).length)).isEqualTo(i);
        }
        assertThat(table.size()).isEqualTo(200_000);
    }

    @Test
    void refuses_new_entries_when_full_but_still_finds_old_ones() {
        ByteTable table = new ByteTable(2);
        table.intern(0, b("a"), 0, 1);
        table.intern(0, b("b"), 0, 1);
        assertThat(table.intern(0, b("c"), 0, 1)).isEqualTo(ByteTable.FULL);
        assertThat(table.intern(0, b("a"), 0, 1)).isZero();
        assertThat(table.isFull()).isTrue();
    }

    @Test
    void the_empty_string_is_a_key_like_any_other() {
        ByteTable table = new ByteTable(10);
        int id = table.intern(0, new byte[0], 0, 0);
        assertThat(table.intern(0, new byte[0], 0, 0)).isEqualTo(id);
        assertThat(table.bytes(id)).isEmpty();
    }
}
