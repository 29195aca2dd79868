package dev.stampededoctor.detectors.resp;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Emits settled commands on a thread of its own, in the order they are added, so that reading
 * packets and pairing replies (the thread that adds) and writing, parsing and analysing the
 * commands (this one) use both cores. A packet capture read on one thread kept the other idle.
 * Commands go over in batches; a command is never touched again by the adding thread once added
 * (it is settled: its reply can no longer change). A failure of the emitting thread (an error of
 * the engine, out of memory) is thrown to the adding thread at its next {@link #add} or at
 * {@link #finish}. Batches wait until full, so this is for reading to the end, not for a live
 * stream whose commands must show at once.
 */
final class CommandHandOff {
    private static final int BATCH = 512;
    private static final Object[] END = new Object[0];

    private final CommandEmitter emitter;
    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(8);
    private final Thread thread;
    private volatile Throwable failure;
    private Object[] batch = new Object[2 * BATCH];
    private int filled;
    private boolean finished;

    CommandHandOff(CommandEmitter emitter) {
        this.emitter = emitter;
        this.thread = new Thread(this::run, "packet-commands");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code c}, from the client named {@code client}, to be emitted after those added before. */
    void add(PendingCommand c, byte[] client) {
        batch[filled++] = c;
        batch[filled++] = client;
        if (filled == batch.length) {
            send(batch);
            batch = new Object[2 * BATCH];
            filled = 0;
        }
    }

    /** Emits what is left and waits for the thread; the emitting thread's failure, if any, is thrown here. */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (filled > 0) {
            send(java.util.Arrays.copyOf(batch, filled));
            filled = 0;
        }
        send(END);
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the thread ends on its own once it has emitted the rest
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        rethrowFailure();
    }

    private void send(Object[] items) {
        try {
            while (!queue.offer(items, 50, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
                if (!thread.isAlive()) {
                    throw new IllegalStateException("the thread emitting packet commands ended");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing on packet commands", e);
        }
        rethrowFailure();
    }

    private void rethrowFailure() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private void run() {
        try {
            for (Object[] items = queue.take(); items != END; items = queue.take()) {
                if (failure != null) {
                    continue; // drained, so that the adding thread never waits on a full queue
                }
                try {
                    for (int i = 0; i < items.length; i += 2) {
                        emitter.emit((PendingCommand) items[i], (byte[]) items[i + 1]);
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }
        } catch (InterruptedException e) {
            failure = e;
        }
    }
}
