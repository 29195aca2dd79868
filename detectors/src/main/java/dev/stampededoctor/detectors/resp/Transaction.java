package dev.stampededoctor.detectors.resp;

import java.util.ArrayDeque;

/**
 * One connection's MULTI … EXEC as the wire shows it: which requests are queued, and, once EXEC's
 * or DISCARD's reply tells, whether the queued commands ran (with their EXEC) or never did.
 */
final class Transaction {
    /** Commands the server answered +QUEUED, waiting for the EXEC that runs them or the DISCARD that drops them. */
    private final ArrayDeque<PendingCommand> queued = new ArrayDeque<>();
    /** Between a MULTI and its EXEC or DISCARD, as sent. */
    private boolean open;

    /** Request {@code verb} is sent: whether it is queued (sent inside MULTI, not ending it). */
    boolean sent(Verb verb) {
        boolean inside = open && verb != Verb.EXEC && verb != Verb.DISCARD && verb != Verb.RESET;
        if (verb == Verb.MULTI) {
            open = true;
        } else if (verb == Verb.EXEC || verb == Verb.DISCARD || verb == Verb.RESET) {
            open = false;
        }
        return inside;
    }

    /** {@code c} was answered +QUEUED: what it does is told by EXEC. */
    void queued(PendingCommand c) {
        queued.add(c);
    }

    /**
     * EXEC ran the transaction ({@code ran}) or it was dropped (a nil EXEC, EXECABORT, DISCARD,
     * RESET): its commands go on with EXEC, each with its reply from EXEC's array ({@code reply},
     * when it kept its elements and holds one per queued command), or are marked as never run.
     * Returns, for a dropped one holding a SELECT, the db before that SELECT (which never ran); else -1.
     */
    int end(PendingCommand exec, boolean ran, ReplyShape reply, RespCommandStream stream) {
        int dbBefore = -1;
        boolean perCommand = ran && reply.keepElements && reply.elements == queued.size();
        for (int i = 0; !queued.isEmpty(); i++) {
            PendingCommand c = queued.poll();
            if (c.settled) {
                continue; // it went on without waiting (its reply was overdue): too late to tell
            }
            if (!ran && dbBefore < 0 && c.verb == Verb.SELECT && c.count == 2) {
                dbBefore = c.dbBefore;
            }
            ReplyShape own = perCommand ? reply.element(i) : null;
            if (ran) {
                c.ranWith(exec);
            } else {
                c.neverRan = true;
            }
            if (own != null && ReadReplies.fits(c, own)) {
                c.answered(own, exec.repliedAt());
            } else {
                c.unanswered();
            }
            stream.settled(c);
        }
        return dbBefore;
    }

    /** Whether the transaction ran can no longer be told (pairing stopped): its commands go on, as sent. */
    void abandon(RespCommandStream stream) {
        for (PendingCommand c; (c = queued.poll()) != null; ) {
            c.unanswered();
            stream.settled(c);
        }
    }
}
