package dev.stampededoctor.detectors.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Runs the consumers of {@link KeyOps} batches as a pipeline, each stage on a thread of its own,
 * so that parsing, the key table (bound by cache misses) and the detectors use both cores. Every
 * batch goes through the stages in order; a stage sees batches in the order they were produced.
 * A few batches circulate; the producer blocks when the stages fall behind, so memory stays
 * bounded.
 */
public final class KeyOpPipe implements AutoCloseable {
    /**
     * How far the producer may run ahead of the last stage: 32 batches of 4096 operations, about
     * 16 MB when all are made (the producer makes them as it needs them). On two cores the parser
     * and both stages share the CPU, and the stage that is slowest changes from stretch to stretch
     * (a key table growing, a run of new patterns); with four batches, a few milliseconds of
     * work, the parser stopped for a free batch 60 to 100 times on the 2.5 M-line capture (120 to
     * 280 ms waiting) while a core sat idle. With 32 it waits 20 to 70 ms, and the capture went
     * from 0.635 to 0.586 s (median of 20, alternated); 64 and 128 were no faster.
     */
    private static final int BATCHES = 32;
    private static final KeyOps END = new KeyOps();
    /** Not a batch of the pool: goes through every stage untouched, then releases {@link #drained}. */
    private static final KeyOps SYNC = new KeyOps();

    /** queues[i] feeds stage i; the last stage gives batches back through {@link #empty}. */
    private final List<BlockingQueue<KeyOps>> queues = new ArrayList<>();
    /**
     * Room for every batch there can be: the pool's, and one more from each stage that fails (it
     * gives the producer one, so that a producer waiting for a batch wakes to the failure).
     * Smaller, the last stage could block giving a batch back and never reach the end.
     */
    private final BlockingQueue<KeyOps> empty;
    private final List<Thread> threads = new ArrayList<>();
    private final java.util.concurrent.Semaphore drained = new java.util.concurrent.Semaphore(0);
    private volatile Throwable failure;
    private boolean closed;

    /** Batches made beyond the first (by the producer, as needed: a short capture fills one, and each is about 0.5 MB to clear). */
    private int batchesMade;

    @SafeVarargs
    public KeyOpPipe(String name, Consumer<KeyOps>... stages) {
        empty = new ArrayBlockingQueue<>(BATCHES + stages.length);
        for (int i = 0; i < stages.length; i++) {
            queues.add(new ArrayBlockingQueue<>(BATCHES + 1));
        }
        for (int i = 0; i < stages.length; i++) {
            int stage = i;
            Thread t = new Thread(() -> run(stage, stages[stage]), stages.length == 1 ? name : name + "-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** The batch the producer starts with. */
    public KeyOps firstBatch() {
        return new KeyOps();
    }

    /** Queues a filled batch for the first stage and returns an empty one. */
    public KeyOps handOff(KeyOps filled) {
        checkFailure();
        try {
            queues.get(0).put(filled);
            KeyOps next = empty.poll();
            if (next == null && batchesMade < BATCHES - 1) {
                batchesMade++;
                next = new KeyOps();
            } else if (next == null) {
                next = empty.take();
            }
            checkFailure();
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing off key operations", e);
        }
    }

    /**
     * Waits until every batch handed off so far went through every stage, and returns with the
     * stages idle until the next {@link #handOff}: what they wrote is then safe to read on the
     * producer's thread (a live view's snapshot). Rethrows a failure of a stage.
     */
    public void drain() {
        checkFailure();
        try {
            queues.get(0).put(SYNC);
            drained.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining key operations", e);
        }
        checkFailure();
    }

    /** Waits until every queued batch went through every stage; rethrows a failure of a stage. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queues.get(0).put(END);
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.forEach(Thread::interrupt);
        }
        checkFailure();
    }

    private void run(int stage, Consumer<KeyOps> consumer) {
        boolean last = stage == queues.size() - 1;
        try {
            while (true) {
                KeyOps batch = queues.get(stage).take();
                if (batch == SYNC) {
                    if (last) {
                        drained.release();
                    } else {
                        queues.get(stage + 1).put(batch);
                    }
                    continue;
                }
                if (!last) {
                    if (batch != END && failure == null) {
                        runStage(consumer, batch);
                    }
                    queues.get(stage + 1).put(batch);
                    if (batch == END) {
                        return;
                    }
                    continue;
                }
                if (batch == END) {
                    return;
                }
                if (failure == null) {
                    runStage(consumer, batch);
                }
                batch.clear();
                empty.put(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runStage(Consumer<KeyOps> consumer, KeyOps batch) {
        try {
            consumer.accept(batch);
        } catch (RuntimeException | Error e) {
            if (failure == null) {
                failure = e;
            }
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
