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
    final int db;
    /** What its name is to the wire reader. */
    final Verb verb;
    final byte[] arena;
    final int[] offsets;
    final int[] lengths;
    final int count;
    /** Per argument: a {@link ReplyKind} ordinal, once the reply came. */
    byte[] replies;
    /** When its reply came; -1 before (and for ever when it gets none). */
    private long repliedAt = -1;
    /** {@link #ranAt()}, kept as a field: a branch there, rarely taken (a command never answered), made the JIT recompile each of its callers the first time it was. */
    private long ranAt;
    /** Replied, or never to be: it may be handed on. */
    boolean settled;
    boolean handedOn;
    /** In the stream's queue of settled commands. */
    boolean queuedToGo;
    /** Sent inside MULTI: its reply is +QUEUED, and what it did is told by EXEC. */
    boolean queued;
    /** MONITOR or SUBSCRIBE: the connection leaves pairing once this command's reply came. */
    RespConnection.Mode leavesFor;

    PendingCommand(long sentAt, long sequence, RespConnection connection, int db, RequestArgs args, Verb verb) {
        this.sentAt = sentAt;
        this.ranAt = sentAt;
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
        replied(at);
        settled = true;
    }

    /** Its reply (or, inside MULTI, its +QUEUED) left the server at {@code at}. */
    void replied(long at) {
        repliedAt = at;
        // As before it was a field: a reply time before 1970 (a pcapng's negative offset) is not
        // taken for one, and the command keeps its send time.
        ranAt = at >= 0 ? at : sentAt;
    }

    long repliedAt() {
        return repliedAt;
    }

    /** No reply will be paired with it (the connection lost its pairing, or the capture ended). */
    void unanswered() {
        settled = true;
    }

    /**
     * When it ran, as near as the wire tells: when its reply left (Redis writes replies in the
     * order it ran the commands, so reply times order commands as MONITOR does, where request
     * times of different connections may not), else when it was sent.
     */
    long ranAt() {
        return ranAt;
    }

    boolean is(int i, byte[] upperAscii) {
        return i < count && RequestArgs.equalsIgnoringCase(arena, offsets[i], lengths[i], upperAscii);
    }
}
