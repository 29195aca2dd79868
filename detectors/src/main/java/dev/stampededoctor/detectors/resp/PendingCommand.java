package dev.stampededoctor.detectors.resp;

import java.util.Arrays;

/**
 * A request seen on the wire, waiting for its reply (and for its turn: commands are handed on in
 * the order they were sent, across connections). Holds a copy of its arguments.
 */
final class PendingCommand {
    final long sentAt;
    /** Order of arrival, to break ties between equal timestamps. */
    final long sequence;
    final RespConnection connection;
    /** The db it ran in: the connection's when it was sent, put right when a SELECT before it failed. */
    int db;
    /** A blocking command (BLPOP…) may answer until then; its send time for any other. */
    long holdsRepliesUntil;
    /** For a SELECT: the connection's db before it, which a refused or dropped SELECT leaves in force. */
    int dbBefore;
    /** What its name is to the wire reader. */
    final Verb verb;
    final byte[] arena;
    final int[] offsets;
    final int[] lengths;
    final int count;
    /** Per argument: a {@link ReplyKind} ordinal, once the reply came. */
    byte[] replies;
    /** When its reply came, if {@link #answered}. */
    private long repliedAt;
    /**
     * The order it ran in across connections: when it was sent, or when its EXEC was. Not when
     * its reply left: Redis writes the replies of one turn of its event loop newest client first
     * (Redis 7 links a client with output waiting at the head of its list), so of a GET, a GET
     * and a DEL run in that order the DEL's reply leaves first, and the GETs' hits, taken for
     * later, refilled the deleted key. Requests are read in the order they arrived (the poller's
     * ready list keeps it), and one connection's in the order they were sent.
     */
    private long orderAt;
    /** It ran no later than this: its reply (its EXEC's, if queued) left; {@code Long.MAX_VALUE} when none did. */
    private long ranBy = Long.MAX_VALUE;
    /** {@link #ranAt()}, told by the stream when it hands the command on. */
    private long ranAt;
    /** Replied, or never to be: it may be handed on. */
    boolean settled;
    /** Queued in a transaction that was discarded or aborted: it never ran, and is not handed on. */
    boolean neverRan;
    boolean handedOn;
    /** In the stream's queue of settled commands. */
    boolean queuedToGo;
    /** RESP3 (UN)SUBSCRIBE: confirmed by pushes; only an error (or +QUEUED) is a reply of its own. */
    boolean replyOptional;
    /** HELLO 3: the connection speaks RESP3 from its reply on, unless that is an error. */
    boolean hello3;
    /** Sent inside MULTI: its reply is +QUEUED, and what it did is told by EXEC. */
    boolean queued;
    /** MONITOR or SUBSCRIBE: the connection leaves pairing once this command's reply came. */
    RespConnection.Mode leavesFor;

    PendingCommand(long sentAt, long sequence, RespConnection connection, int db, RequestArgs args, Verb verb) {
        this.sentAt = sentAt;
        this.orderAt = sentAt;
        this.sequence = sequence;
        this.connection = connection;
        this.db = db;
        this.verb = verb;
        this.arena = Arrays.copyOf(args.arena, args.used);
        this.offsets = Arrays.copyOf(args.offsets, args.count);
        this.lengths = Arrays.copyOf(args.lengths, args.count);
        this.count = args.count;
    }

    /** Its reply came at {@code at} (ignored when it already went on without one). */
    void answered(ReplyShape reply, long at) {
        if (settled) {
            return;
        }
        replies = ReadReplies.interpret(this, reply);
        repliedAt = at;
        ranBy = at;
        settled = true;
    }

    /** It was queued in a transaction, and ran when {@code exec}, answered, did. Before it is settled. */
    void ranWith(PendingCommand exec) {
        orderAt = exec.sentAt;
        ranBy = exec.ranBy;
    }

    /** When its reply came; only for a command {@link #answered}. */
    long repliedAt() {
        return repliedAt;
    }

    /** No reply will be paired with it (the connection lost its pairing, or the capture ended). */
    void unanswered() {
        settled = true;
    }

    /** {@link #orderAt}: what orders commands across connections. */
    long orderAt() {
        return orderAt;
    }

    /** No later than this it ran; {@code Long.MAX_VALUE} when no reply tells. */
    long ranBy() {
        return ranBy;
    }

    /**
     * When it ran, as near as the wire tells: the latest time the replies allow, which is the
     * earliest reply of any command that ran at or after it. Where Redis was held (a slow script)
     * commands are sent long before they run; their replies are what tell when.
     */
    long ranAt() {
        return ranAt;
    }

    void ranAt(long at) {
        ranAt = at;
    }

    boolean is(int i, byte[] upperAscii) {
        return i < count && RequestArgs.equalsIgnoringCase(arena, offsets[i], lengths[i], upperAscii);
    }
}
