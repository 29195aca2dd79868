package dev.stampededoctor.detectors.detect;

import java.util.Arrays;
import java.util.function.ToLongFunction;

/**
 * The open episodes ordered by when they are due to close: a binary min-heap indexed by the
 * episodes themselves ({@link Episode#queueIndex}), so that rescheduling or removing one costs
 * O(log n), however many are open. A cold cache warming up opens one episode per key read and
 * filled, tens of thousands at a time; scanning them all whenever one was due made the detector
 * quadratic.
 *
 * <p>An episode's close time moves as it collects misses and fills. Moves to an earlier time go
 * through {@link #schedule}; a later time is picked up when the entry comes up
 * ({@link #pollDue}), which puts it back at its current time instead of returning it.
 */
final class CloseQueue {
    private long[] dues = new long[64];
    private Episode[] episodes = new Episode[64];
    private int size;

    /** Puts {@code e} in the queue at {@code due}, or moves it there. */
    void schedule(Episode e, long due) {
        int i = e.queueIndex;
        if (i < 0) {
            if (size == dues.length) {
                dues = Arrays.copyOf(dues, size * 2);
                episodes = Arrays.copyOf(episodes, size * 2);
            }
            i = size++;
            place(i, due, e);
            siftUp(i);
        } else if (due < dues[i]) {
            dues[i] = due;
            siftUp(i);
        } else if (due > dues[i]) {
            dues[i] = due;
            siftDown(i);
        }
    }

    /** Takes {@code e} out of the queue, if it is there. */
    void remove(Episode e) {
        int i = e.queueIndex;
        if (i < 0) {
            return;
        }
        e.queueIndex = -1;
        int last = --size;
        if (i != last) {
            place(i, dues[last], episodes[last]);
            episodes[last] = null;
            siftDown(i);
            siftUp(i);
        } else {
            episodes[last] = null;
        }
    }

    /** The earliest instant an episode is due, or {@link Long#MAX_VALUE} when none is queued. */
    long nextDue() {
        return size == 0 ? Long.MAX_VALUE : dues[0];
    }

    /**
     * Removes and returns an episode that {@code closeTime} says is due before {@code now}, or null
     * when there is none; episodes queued as due whose close time has moved later are put back at
     * that time on the way.
     */
    Episode pollDue(long now, ToLongFunction<Episode> closeTime) {
        while (size > 0 && dues[0] < now) {
            Episode e = episodes[0];
            long actual = closeTime.applyAsLong(e);
            if (actual < now) {
                remove(e);
                return e;
            }
            schedule(e, actual);
        }
        return null;
    }

    int size() {
        return size;
    }

    private void place(int i, long due, Episode e) {
        dues[i] = due;
        episodes[i] = e;
        e.queueIndex = i;
    }

    private void siftUp(int i) {
        long due = dues[i];
        Episode e = episodes[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (dues[parent] <= due) {
                break;
            }
            place(i, dues[parent], episodes[parent]);
            i = parent;
        }
        place(i, due, e);
    }

    private void siftDown(int i) {
        long due = dues[i];
        Episode e = episodes[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && dues[child + 1] < dues[child]) {
                child++;
            }
            if (dues[child] >= due) {
                break;
            }
            place(i, dues[child], episodes[child]);
            i = child;
        }
        place(i, due, e);
    }
}
