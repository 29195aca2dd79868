package dev.stampededoctor.detectors.resp;

import dev.stampededoctor.detectors.pcap.TcpFlow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One client connection as the wire shows it: its requests, its replies, and the pairing of the
 * two, first in first out. Pairing is only trusted while both sides were read from a known
 * boundary: after a gap, a start mid-stream or a reply with no request waiting, the connection
 * stops pairing (its commands go on without replies) until a request is sent while the server
 * has answered everything before it.
 */
final class RespConnection implements RespRequestReader.Listener, RespReplyReader.Listener {
    enum Mode {
        COMMANDS,
        /** RESP2 SUBSCRIBE: the server pushes messages from now on. */
        PUBSUB,
        /** MONITOR: the server streams every other client's commands from now on. */
        MONITOR,
        /** TLS records, which cannot be read. */
        TLS
    }

    private static final byte[] AUTH = ascii("AUTH");
    private static final byte[] REPLY = ascii("REPLY");
    private static final byte[] ON = ascii("ON");
    private static final byte[] SKIP = ascii("SKIP");

    final TcpFlow flow;
    /** The client's {@code ip:port}, as MONITOR names it. */
    final byte[] clientName;
    private final RespCommandStream stream;
    private final RespRequestReader requests = new RespRequestReader(this);
    private final RespReplyReader replies = new RespReplyReader(this);
    private final ArrayDeque<PendingCommand> waiting = new ArrayDeque<>();
    private final Transaction transaction = new Transaction();
    private final Subscriptions subscriptions = new Subscriptions();
    private Mode mode = Mode.COMMANDS;
    private boolean paired;
    private boolean sawClientBytes;
    private boolean sawServerBytes;
    private boolean resp3;
    private boolean leftOutOnce;
    private int db;
    private long now;
    private long lastRequestAt = -1;
    private long lastReplyAt = -1;
    /** What was sent and answered since pairing stopped, to tell when it may resume. */
    private final UnpairedSpan unpaired;

    RespConnection(TcpFlow flow, RespCommandStream stream) {
        this.flow = flow;
        this.clientName = flow.client().getBytes(StandardCharsets.ISO_8859_1);
        this.stream = stream;
        this.unpaired = new UnpairedSpan(stream);
    }

    void clientBytes(long at, byte[] buf, int off, int len) {
        if (mode == Mode.TLS || mode == Mode.MONITOR) {
            return;
        }
        if (!sawClientBytes) {
            sawClientBytes = true;
            if (len >= 2 && buf[off] == 0x16 && buf[off + 1] == 0x03) {
                mode = Mode.TLS;
                stream.tlsConnection(this);
                return;
            }
            // The capture holds the connection's start and the first bytes start a request, RESP
            // or inline (the server has said nothing yet): replies pair from the first one. Begun
            // mid-connection, requests the capture missed may still be waiting for their replies,
            // which would pair with the wrong requests: pairing waits until the server is quiet.
            int first = buf[off];
            if (flow.handshakeSeen() && !sawServerBytes
                    && (first == '*' || (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z'))) {
                paired = true;
            } else {
                requests.startMidStream();
            }
        }
        now = at;
        requests.feed(buf, off, len);
    }

    void serverBytes(long at, byte[] buf, int off, int len) {
        if (mode == Mode.TLS || mode == Mode.MONITOR) {
            return;
        }
        if (!sawServerBytes) {
            sawServerBytes = true;
            if (!paired) {
                replies.startMidStream();
            }
        }
        now = at;
        replies.feed(buf, off, len);
    }

    void gap(boolean toServer, long bytes) {
        if (toServer ? requests.skipLost(bytes) : replies.skipLost(bytes)) {
            return; // inside a value whose length is known: nothing else was lost
        }
        if (toServer && requests.cutSet(bytes)) {
            unpair(); // the SET's options went with the cut, and perhaps requests behind it
            return;
        }
        if (toServer) {
            requests.lost();
        } else {
            replies.lost();
        }
        unpair();
    }

    /** The connection ended or the capture did: nothing more will be paired. */
    void close() {
        unpair();
    }

    @Override
    public void request(RequestArgs args) {
        Verb verb = Verb.of(args);
        if (verb == Verb.AUTH || (verb == Verb.HELLO && args.count > 2)) {
            args.redactAfter(verb == Verb.HELLO ? helloAuthEnd(args) : 1);
        }
        if (!paired && mode == Mode.COMMANDS && replies.atBoundary() && lastRequestAt >= 0
                && lastReplyAt >= lastRequestAt && unpaired.quiet(now)) {
            // Everything sent since pairing stopped was answered (as many replies as requests that
            // get one) and the server is quiet: the next reply is this request's. A BLPOP still
            // blocked keeps its connection unpaired, where the last reply alone would not.
            unpaired.end(true);
            paired = true;
            stream.repaired(this);
        }
        subscriptions.apply(verb, args);
        if (mode == Mode.PUBSUB) {
            // RESP2 pub/sub takes only subscription commands, PING, QUIT and RESET, none of them
            // cache traffic. Once the last subscription goes, commands come again: unpaired until
            // the server is quiet, as pushes sent before the unsubscribe may still be on their way.
            lastRequestAt = now;
            if (verb == Verb.RESET) {
                reset();
            }
            if (subscriptions.none() && (verb == Verb.RESET || Subscriptions.confirmedByPush(verb))) {
                mode = Mode.COMMANDS;
                unpaired.end(false);
            }
            return;
        }
        lastRequestAt = now;
        PendingCommand c = stream.sent(this, now, db, args, verb);
        c.holdsRepliesUntil = BlockingCommands.holdsRepliesUntil(verb, args, now);
        if (verb == Verb.SELECT && args.count == 2) {
            // Taken at once for the commands pipelined behind it; put right if the server refuses it.
            c.dbBefore = db;
            db = selected(args);
        } else if (verb == Verb.RESET) {
            reset();
            unpaired.repliesOn();
        }
        boolean queued = transaction.sent(verb);
        boolean pushed = resp3 && Subscriptions.confirmedByPush(verb);
        if (paired) {
            // A RESP3 subscription command waits too: its confirmations come as pushes, and take
            // it off; an error (a bad channel, an ACL) is its reply.
            c.queued = queued;
            c.replyOptional = pushed;
            waiting.add(c);
        } else if (!unpaired.request(c, args, pushed, queued)) {
            c.unanswered();
            stream.settled(c);
        }
        if (verb == Verb.MONITOR) {
            leaveAfter(c, Mode.MONITOR);
        } else if (!resp3 && (verb == Verb.SUBSCRIBE || verb == Verb.PSUBSCRIBE || verb == Verb.SSUBSCRIBE)) {
            leaveAfter(c, Mode.PUBSUB);
        } else if (verb == Verb.HELLO && args.count >= 2 && args.lengths[1] == 1 && args.arena[args.offsets[1]] == '3') {
            if (paired) {
                c.hello3 = true; // RESP3 once the reply says so: Redis 5 or a bad AUTH refuses it
            } else {
                resp3 = true;
            }
        } else if (verb == Verb.CLIENT && args.is(1, REPLY) && !args.is(2, ON)) {
            unpair(); // CLIENT REPLY OFF|SKIP: replies stop or skip one
            unpaired.repliesStop(!args.is(2, SKIP));
        }
    }

    /**
     * MONITOR and RESP2 SUBSCRIBE turn the connection into a stream from the server: their own
     * reply (+OK, the subscription's confirmation) is paired, and nothing after it.
     */
    private void leaveAfter(PendingCommand c, Mode next) {
        if (!leftOutOnce) {
            leftOutOnce = true; // counted once, however often a pooled connection subscribes
            stream.leftOut(this, next == Mode.MONITOR ? "monitor" : "pubsub");
        }
        if (paired) {
            c.leavesFor = next;
        } else {
            mode = next;
        }
    }

    @Override
    public void reply(ReplyShape shape) {
        lastReplyAt = now;
        if (!paired || mode != Mode.COMMANDS) {
            if (mode == Mode.COMMANDS) {
                unpaired.reply(shape, now);
            }
            stream.unpairedReply(this);
            return;
        }
        PendingCommand c = waiting.poll();
        while (c != null && c.replyOptional && shape.type != ReplyShape.Type.ERROR && !c.queued) {
            // Its confirmations were pushes: this reply is the next command's.
            c.unanswered();
            stream.settled(c);
            c = waiting.poll();
        }
        if (c == null) {
            stream.pairingFailed(this);
            unpair();
            return;
        }
        if (c.queued && shape.type != ReplyShape.Type.ERROR) {
            // +QUEUED: it runs, or not, when EXEC does; its real reply is inside EXEC's.
            transaction.queued(c);
            return;
        }
        if (!ReadReplies.fits(c, shape)) {
            // Another command's reply (a GET answered +OK): the pairing is off, and stops here.
            c.unanswered();
            stream.settled(c);
            stream.pairingFailed(this);
            unpair();
            return;
        }
        c.answered(shape, now);
        stream.settled(c);
        if (c.hello3 && shape.type != ReplyShape.Type.ERROR) {
            resp3 = true;
        }
        if (c.verb == Verb.EXEC || c.verb == Verb.DISCARD || c.verb == Verb.RESET) {
            // An EXEC answered with the array of replies ran the transaction; a nil one (a WATCHed
            // key changed), an error (EXECABORT), DISCARD or RESET dropped it.
            int dbBefore = transaction.end(c, c.verb == Verb.EXEC && shape.type == ReplyShape.Type.AGGREGATE, shape,
                    stream);
            if (dbBefore >= 0) {
                dbFrom(dbBefore); // a SELECT in a dropped transaction never ran
            }
        } else if (c.verb == Verb.SELECT && c.count == 2 && shape.type == ReplyShape.Type.ERROR) {
            dbFrom(c.dbBefore); // SELECT 99 refused: the commands behind it ran in the db before
        }
        if (c.leavesFor != null) {
            mode = c.leavesFor;
            unpair();
        }
    }

    @Override
    public boolean wantsElements() {
        PendingCommand next = paired && mode == Mode.COMMANDS ? waiting.peek() : null;
        return next != null && next.verb == Verb.EXEC;
    }

    @Override
    public void push() {
        lastReplyAt = now;
        PendingCommand head = paired && mode == Mode.COMMANDS ? waiting.peek() : null;
        if (head != null && head.replyOptional) {
            waiting.poll(); // the subscription's confirmation
            head.unanswered();
            stream.settled(head);
        }
    }

    @Override
    public void desync() {
        stream.desynced(this);
        unpair();
    }

    /**
     * The db is {@code db} again (a SELECT was refused or dropped): for the commands sent behind
     * it, up to the next SELECT, and for the connection.
     */
    private void dbFrom(int db) {
        for (PendingCommand c : waiting) {
            if (c.verb == Verb.SELECT && c.count == 2) {
                c.dbBefore = db;
                return;
            }
            c.db = db;
        }
        this.db = db;
    }

    /** RESET: the connection as new (db 0, RESP2, no subscription; the transaction ends with RESET's reply). */
    private void reset() {
        db = 0;
        resp3 = false;
    }

    private void unpair() {
        paired = false;
        unpaired.end(false); // what is still owed from here on is not known: it is counted afresh
        for (PendingCommand c; (c = waiting.poll()) != null; ) {
            unpaired.holdUntil(c.holdsRepliesUntil);
            c.unanswered();
            stream.settled(c);
        }
        transaction.abandon(stream);
    }

    /** The first argument after HELLO's AUTH username and password (its secrets), or past the end. */
    private static int helloAuthEnd(RequestArgs args) {
        for (int i = 2; i < args.count; i++) {
            if (args.is(i, AUTH)) {
                return i + 1;
            }
        }
        return args.count;
    }

    private static int selected(RequestArgs args) {
        int v = 0;
        for (int k = 0; k < args.lengths[1]; k++) {
            int d = args.arena[args.offsets[1] + k] - '0';
            if (d < 0 || d > 9 || v > 100_000) {
                return 0;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
