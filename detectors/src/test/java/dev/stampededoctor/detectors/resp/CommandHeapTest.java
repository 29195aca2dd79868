package dev.stampededoctor.detectors.resp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.pcap.TcpFlow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CommandHeapTest {
    private final RespCommandStream stream = new RespCommandStream(line -> { }, 0);
    private final RespConnection connection = new RespConnection(new TcpFlow(0, "10.0.0.1:1", "10.0.0.2:6379", 6379),
            stream);

    @Test
    void takes_commands_out_in_the_order_of_a_priority_queue_by_time_then_arrival() {
        Random random = new Random(5);
        RequestArgs args = new RequestArgs();
        for (boolean byRun : new boolean[] {false, true}) {
            CommandHeap heap = new CommandHeap(byRun);
            Comparator<PendingCommand> order = Comparator.comparingLong((PendingCommand c) -> byRun ? c.orderAt() : c.sentAt)
                    .thenComparingLong(c -> c.sequence);
            PriorityQueue<PendingCommand> reference = new PriorityQueue<>(order);
            List<PendingCommand> fromHeap = new ArrayList<>();
            List<PendingCommand> fromReference = new ArrayList<>();
            for (int i = 0; i < 50_000; i++) {
                if (random.nextInt(3) > 0) {
                    PendingCommand c = new PendingCommand(random.nextInt(1000), i, connection, 0, args, Verb.of(args));
                    if (random.nextBoolean()) { // queued: it runs with an EXEC sent later
                        c.ranWith(new PendingCommand(c.sentAt + random.nextInt(50), i, connection, 0, args, Verb.EXEC));
                    }
                    heap.add(c);
                    reference.add(c);
                } else {
                    assertThat(heap.peek()).isSameAs(reference.peek());
                    fromHeap.add(heap.poll());
                    fromReference.add(reference.poll());
                }
                assertThat(heap.size()).isEqualTo(reference.size());
            }
            while (!reference.isEmpty()) {
                fromHeap.add(heap.poll());
                fromReference.add(reference.poll());
            }
            assertThat(heap.isEmpty()).isTrue();
            assertThat(heap.poll()).isNull();
            assertThat(fromHeap).containsExactlyElementsOf(fromReference);
        }
    }
}
