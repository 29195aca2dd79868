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
        assertThat(table.isFull()).isTrue();
        assertThat(table.refusedAny()).as("full, but nothing turned away yet").isFalse();
        assertThat(table.intern(0, b("c"), 0, 1)).isEqualTo(ByteTable.FULL);
        assertThat(table.refusedAny()).isTrue();
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

    @Test
    void interning_a_batch_gives_the_ids_of_one_by_one_interning_including_growth_and_the_limit() {
        // A batch larger than the prefetch chunk, repeating keys within and across batches,
        // several tags, a table that rehashes mid-batch and fills up in the last batch.
        int n = 1_500;
        ByteTable batched = new ByteTable(2_000);
        ByteTable single = new ByteTable(2_000);
        for (int round = 0; round < 3; round++) {
            byte[] buf = new byte[n * 16];
            int[] tags = new int[n];
            int[] offs = new int[n];
            int[] lens = new int[n];
            int[] hashes = new int[n];
            int used = 0;
            for (int i = 0; i < n; i++) {
                byte[] key = b("k:" + ((i * 7 + round * 600) % 1_100));
                System.arraycopy(key, 0, buf, used, key.length);
                tags[i] = i % 3;
                offs[i] = used;
                lens[i] = key.length;
                hashes[i] = ByteTable.hash(tags[i], buf, used, key.length);
                used += key.length;
            }
            int[] ids = new int[n];
            batched.internAll(n, tags, buf, offs, lens, hashes, ids);
            for (int i = 0; i < n; i++) {
                assertThat(ids[i]).as("round %d op %d", round, i)
                        .isEqualTo(single.intern(tags[i], buf, offs[i], lens[i]));
            }
        }
        assertThat(batched.size()).isEqualTo(single.size()).isEqualTo(2_000);
    }
}
