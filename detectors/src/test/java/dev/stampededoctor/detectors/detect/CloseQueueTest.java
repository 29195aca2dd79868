package dev.stampededoctor.detectors.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CloseQueueTest {

    private static Episode episode(int key) {
        return new Episode(key, 0, new byte[] {(byte) key}, 0, TriggerKind.UNKNOWN, null, 0, -1, false);
    }

    @Test
    void episodes_come_up_in_the_order_of_their_current_close_times() {
        Random random = new Random(7);
        CloseQueue q = new CloseQueue();
        Map<Episode, Long> due = new HashMap<>();
        List<Episode> all = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Episode e = episode(i);
            all.add(e);
            long at = random.nextInt(1_000_000);
            due.put(e, at);
            q.schedule(e, at);
        }
        // Move some earlier, some later, and remove some, as fills, misses and deletes do.
        for (int i = 0; i < 3_000; i++) {
            Episode e = all.get(random.nextInt(all.size()));
            if (!due.containsKey(e)) {
                continue;
            }
            if (i % 5 == 0) {
                q.remove(e);
                due.remove(e);
            } else {
                long at = random.nextInt(1_000_000);
                due.put(e, at);
                q.schedule(e, at);
            }
        }
        assertThat(q.size()).isEqualTo(due.size());
        long last = -1;
        int polled = 0;
        for (Episode e = q.pollDue(Long.MAX_VALUE, due::get); e != null; e = q.pollDue(Long.MAX_VALUE, due::get)) {
            assertThat(due.get(e)).isGreaterThanOrEqualTo(last);
            last = due.get(e);
            polled++;
        }
        assertThat(polled).isEqualTo(due.size());
        assertThat(q.size()).isZero();
    }

    @Test
    void an_episode_whose_close_time_moved_later_is_put_back_not_returned() {
        CloseQueue q = new CloseQueue();
        Episode e = episode(1);
        long[] closeAt = {100};
        q.schedule(e, 100);
        closeAt[0] = 500; // a later fill pushed its close back, without telling the queue
        assertThat(q.pollDue(200, x -> closeAt[0])).isNull();
        assertThat(q.nextDue()).isEqualTo(500);
        assertThat(q.pollDue(501, x -> closeAt[0])).isSameAs(e);
        assertThat(q.nextDue()).isEqualTo(Long.MAX_VALUE);
    }
}
