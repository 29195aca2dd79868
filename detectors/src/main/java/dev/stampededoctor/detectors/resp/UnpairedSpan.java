package dev.stampededoctor.detectors.resp;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A connection's requests and replies while it is unpaired: since a gap or a reply that fit no
 * request, or since a capture began mid-connection, when requests the capture never saw may still
 * be waiting for their replies. Counts the replies still owed to the requests seen, and keeps the
 * first few of each: at a quiet point where the server has sent exactly as many replies as there
 * were requests (a client that waits for each reply, the usual pooled connection), the span was
 * in step after all, and they are paired after the fact.
 */
final class UnpairedSpan {
    /** Requests held back at most: past it they go on unpaired, so as not to hold the stream up. */
    static final int MAX_KEPT = 64;

    private static final byte[] REPLY = "REPLY".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ON = "ON".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final RespCommandStream stream;
    private final ArrayDeque<PendingCommand> requests = new ArrayDeque<>();
    private final ArrayDeque<ReplyShape> replies = new ArrayDeque<>();
    private final ArrayDeque<Long> repliedAt = new ArrayDeque<>();
    /** More came than are kept, or something was not kept: no pairing after the fact. */
    private boolean broken;
    /** Replies still owed to the requests seen (less replies seen); at or below 0 all may be answered. */
    private int owed;
    /** CLIENT REPLY OFF is in force: requests get no reply until CLIENT REPLY ON. */
    private boolean repliesOff;
    /** Requests still to come that CLIENT REPLY SKIP leaves without a reply. */
    private int skipping;
    /** A blocking command sent may still answer until then (capture microseconds). */
    private long heldUntil = Long.MIN_VALUE;

    UnpairedSpan(RespCommandStream stream) {
        this.stream = stream;
    }

    /**
     * Request {@code c}, sent unpaired. Returns whether it is kept: then it is settled when the
     * span ends; otherwise the caller settles it now.
     */
    boolean request(PendingCommand c, RequestArgs args, boolean pushed, boolean queued) {
        heldUntil = Math.max(heldUntil, c.holdsRepliesUntil);
        if (repliesOff) {
            if (c.verb == Verb.CLIENT && args.is(1, REPLY) && args.is(2, ON)) {
                repliesOff = false;
                owed++;
            }
            broken = true;
            return false;
        }
        if (skipping > 0) {
            skipping--;
            broken = true;
            return false;
        }
        if (pushed) {
            return false; // its confirmations are pushes: it owes no reply
        }
        owed++;
        if (broken || queued || requests.size() == MAX_KEPT) {
            giveUp();
            return false;
        }
        requests.add(c);
        return true;
    }

    /** A reply that came unpaired. */
    void reply(ReplyShape shape, long at) {
        owed--;
        if (broken) {
            return;
        }
        if (replies.size() == MAX_KEPT) {
            giveUp();
            return;
        }
        replies.add(shape.copy());
        repliedAt.add(at);
    }

    /** CLIENT REPLY OFF (all) or SKIP (the next request): requests that will get no reply. */
    void repliesStop(boolean all) {
        repliesOff = all;
        skipping = all ? 0 : 1;
    }

    /** RESET: replies are on again. */
    void repliesOn() {
        repliesOff = false;
        skipping = 0;
    }

    /** A blocking command among those whose pairing was dropped may still answer until {@code until}. */
    void holdUntil(long until) {
        heldUntil = Math.max(heldUntil, until);
    }

    /** Whether the server may have answered every request seen: none owed, none blocked at {@code now}. */
    boolean quiet(long now) {
        return owed <= 0 && !repliesOff && now >= heldUntil;
    }

    /**
     * Ends the span. With {@code inStep} (a quiet point) and exactly one reply per kept request,
     * each of a type its request can have, they are paired after the fact; otherwise the kept
     * requests go on unpaired. What is owed from here on is counted afresh.
     */
    void end(boolean inStep) {
        boolean pair = inStep && !broken && owed == 0 && requests.size() == replies.size() && fitOneForOne();
        while (!requests.isEmpty()) {
            PendingCommand c = requests.poll();
            ReplyShape r = replies.poll();
            long at = repliedAt.isEmpty() ? 0 : repliedAt.poll();
            if (pair) {
                c.answered(r, at);
            } else {
                c.unanswered();
            }
            stream.settled(c);
        }
        replies.clear();
        repliedAt.clear();
        broken = false;
        owed = 0;
    }

    private boolean fitOneForOne() {
        var r = replies.iterator();
        for (PendingCommand c : requests) {
            if (!ReadReplies.fits(c, r.next())) {
                return false;
            }
        }
        return true;
    }

    /** Too much to keep: the kept requests go on unpaired now, and the span is not paired after the fact. */
    private void giveUp() {
        broken = true;
        for (PendingCommand c; (c = requests.poll()) != null; ) {
            c.unanswered();
            stream.settled(c);
        }
        replies.clear();
        repliedAt.clear();
    }
}
