package dev.stampededoctor.detectors.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeyOpPipeTest {

    @Test
    void every_stage_sees_every_batch_in_the_order_it_was_handed_off() {
        List<Integer> first = Collections.synchronizedList(new ArrayList<>());
        List<Integer> second = Collections.synchronizedList(new ArrayList<>());
        KeyOpPipe pipe = new KeyOpPipe("test", b -> first.add(b.size()), b -> second.add(b.size()));
        KeyOps batch = pipe.firstBatch();
        List<Integer> sent = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            for (int i = 0; i < n; i++) {
                batch.add(KeyOpKind.READ, 0, new byte[] {'k', (byte) i}, 0, 2, i, 0, 0, 0, dev.stampededoctor.detectors.command.CommandType.values()[0], false, 0, i);
            }
            sent.add(n);
            batch = pipe.handOff(batch);
            assertThat(batch.size()).as("an empty batch comes back").isZero();
        }
        pipe.close();
        assertThat(first).containsExactlyElementsOf(sent);
        assertThat(second).containsExactlyElementsOf(sent);
    }

    /**
     * The first stage fails on the fourth batch while the last fails on the first, once the
     * producer has made every batch of the pool and waits for one. Each failing stage gives the
     * producer a fresh batch; with every batch then coming back too, the pool must still hold
     * them all, or the last stage blocks giving one back and never sees the end.
     */
    @Test
    void two_stages_failing_at_once_end_with_the_failure_not_a_hang() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            CountDownLatch producerWaits = new CountDownLatch(1);
            CyclicBarrier together = new CyclicBarrier(2);
            int[] firstCalls = new int[1];
            KeyOpPipe pipe = new KeyOpPipe("test", b -> {
                if (++firstCalls[0] == 1) {
                    await(producerWaits);
                } else if (firstCalls[0] == 4) {
                    await(together);
                    throw new IllegalStateException("first stage failed");
                }
            }, b -> {
                await(together);
                throw new IllegalStateException("last stage failed");
            });
            AtomicReference<Throwable> producerSaw = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                KeyOps batch = pipe.firstBatch();
                try {
                    while (true) {
                        batch = pipe.handOff(batch);
                    }
                } catch (RuntimeException e) {
                    producerSaw.set(e);
                }
            });
            producer.start();
            // Every batch made and handed off: the producer waits for an empty one (for good, not
            // for a moment on a queue's lock).
            while (!waitsFor(producer, 50)) {
                Thread.onSpinWait();
            }
            producerWaits.countDown();
            producer.join();
            assertThat(producerSaw.get()).isInstanceOf(IllegalStateException.class).hasMessageEndingWith("stage failed");
            assertThatThrownBy(pipe::close).isInstanceOf(IllegalStateException.class)
                    .hasMessageEndingWith("stage failed");
        });
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code thread} waited all through the next {@code millis} ms, as far as sampling every millisecond shows. */
    private static boolean waitsFor(Thread thread, int millis) throws InterruptedException {
        for (int i = 0; i < millis; i++) {
            if (thread.getState() != Thread.State.WAITING) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
