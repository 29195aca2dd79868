package dev.stampededoctor.detectors.resp;

import java.util.Arrays;

/**
 * A binary min-heap of commands, by the time they were sent or by the order they ran in, ties by
 * order of arrival: what {@code PriorityQueue} with a comparator did, less the interface call per
 * comparison that C1 (which compiles analyze of most captures) cannot inline. Two of these take
 * every command of a packet capture in and out.
 */
final class CommandHeap {
    private final boolean byRun;
    private PendingCommand[] items = new PendingCommand[64];
    private int size;

    /** {@code byRun}: earliest {@link PendingCommand#orderAt} first; else earliest {@link PendingCommand#sentAt}. */
    CommandHeap(boolean byRun) {
        this.byRun = byRun;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The first, or null. */
    PendingCommand peek() {
        return size == 0 ? null : items[0];
    }

    void add(PendingCommand c) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size + (size >> 1));
        }
        int k = size++;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            PendingCommand p = items[parent];
            if (!before(c, p)) {
                break;
            }
            items[k] = p;
            k = parent;
        }
        items[k] = c;
    }

    /** Takes the first away and returns it, or null. */
    PendingCommand poll() {
        if (size == 0) {
            return null;
        }
        PendingCommand first = items[0];
        PendingCommand last = items[--size];
        items[size] = null;
        if (size > 0) {
            int k = 0;
            int half = size >>> 1;
            while (k < half) {
                int child = 2 * k + 1;
                PendingCommand c = items[child];
                int right = child + 1;
                if (right < size && before(items[right], c)) {
                    child = right;
                    c = items[child];
                }
                if (!before(c, last)) {
                    break;
                }
                items[k] = c;
                k = child;
            }
            items[k] = last;
        }
        return first;
    }

    private boolean before(PendingCommand a, PendingCommand b) {
        long ta = byRun ? a.orderAt() : a.sentAt;
        long tb = byRun ? b.orderAt() : b.sentAt;
        return ta != tb ? ta < tb : a.sequence < b.sequence;
    }

    /** Whether settled {@code c} goes before {@code open}, still unsettled, which will run no earlier than it was sent. */
    static boolean ranBefore(PendingCommand c, PendingCommand open) {
        long t = c.orderAt();
        return t != open.sentAt ? t < open.sentAt : c.sequence < open.sequence;
    }
}
