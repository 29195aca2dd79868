package dev.stampededoctor.detectors.ops;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Runs the consumer of {@link KeyOps} batches on a thread of its own, so that parsing and the
 * key-table work (bound by cache misses) use both cores. A few batches circulate between the two
 * threads; the producer blocks when the consumer falls behind, so memory stays bounded. Batches
 * are consumed in the order they were produced.
 */
public final class KeyOpPipe implements AutoCloseable {
    private static final int BATCHES = 4;
    private static final KeyOps END = new KeyOps();

    private final BlockingQueue<KeyOps> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final BlockingQueue<KeyOps> empty = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile Throwable failure;
    private boolean closed;

    public KeyOpPipe(String name, Consumer<KeyOps> consumer) {
        for (int i = 0; i < BATCHES - 1; i++) {
            empty.add(new KeyOps());
        }
        thread = new Thread(() -> run(consumer), name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The batch the producer starts with. */
    public KeyOps firstBatch() {
        return new KeyOps();
    }

    /** Queues a filled batch for the consumer and returns an empty one. */
    public KeyOps handOff(KeyOps filled) {
        checkFailure();
        try {
            full.put(filled);
            KeyOps next = empty.take();
            checkFailure();
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing off key operations", e);
        }
    }

    /** Waits until every queued batch is consumed; rethrows a failure of the consumer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            full.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
        }
        checkFailure();
    }

    private void run(Consumer<KeyOps> consumer) {
        try {
            while (true) {
                KeyOps batch = full.take();
                if (batch == END) {
                    return;
                }
                if (failure == null) {
                    consumer.accept(batch);
                }
                batch.clear();
                empty.put(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            empty.offer(new KeyOps()); // unblock a producer waiting for an empty batch
        }
    }

    private void checkFailure() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        } else if (t instanceof Error err) {
            throw err;
        }
    }
}
