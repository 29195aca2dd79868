package dev.stampededoctor.detectors.resp;

/**
 * Follows the server's side of one connection, RESP2 and RESP3, and tells where each reply ends
 * and what its outline is ({@link ReplyShape}). Streaming: bulk payloads are skipped, not kept, so
 * a reply of any size costs a line buffer. Bytes that are no reply (a capture that starts
 * mid-reply, a gap) put it into resynchronisation: it skips to the next line that starts like a
 * reply.
 */
final class RespReplyReader {
    interface Listener {
        /** A top-level reply ended; {@code shape} is reused after the call. */
        void reply(ReplyShape shape);

        /** A RESP3 push (pub/sub message, tracking invalidation): out of band, no request's reply. */
        void push();

        /** Bytes that are no reply were dropped; reading resumes at the next plausible start. */
        void desync();

        /**
         * A top-level array begins: whether the outline of each of its elements is wanted
         * ({@link ReplyShape#element(int)}: EXEC's array holds its queued commands' replies).
         */
        default boolean wantsElements() {
            return false;
        }
    }

    private static final int MAX_DEPTH = 64;

    private final Listener listener;
    private final ReplyShape shape = new ReplyShape();
    private final RespLine line = new RespLine();
    /** Bulk payload bytes (with the CRLF) still to skip. */
    private long skip;
    private final int[] remaining = new int[MAX_DEPTH];
    private final boolean[] attribute = new boolean[MAX_DEPTH];
    private int depth;
    /** The kind byte of the top-level value being read ('>' push, '|' attribute), 0 for others. */
    private byte topKind;
    private boolean resyncing;

    RespReplyReader(Listener listener) {
        this.listener = listener;
    }

    /** Whether the reader is between replies (no reply half read, not resynchronising). */
    boolean atBoundary() {
        return line.length == 0 && skip == 0 && depth == 0 && !resyncing;
    }

    /** Bytes were lost before the next ones: forget the reply in progress and resynchronise. */
    void lost() {
        reset();
        resyncing = true;
    }

    /**
     * {@code bytes} were lost, all of them inside the bulk payload being skipped (a snap length
     * cut a large value): the reply's outline is known already, so they are skipped as if read.
     * Returns false, changing nothing, when the loss reaches past the payload.
     */
    boolean skipLost(long bytes) {
        if (resyncing || skip <= 0 || bytes > skip) {
            return false;
        }
        skip -= bytes;
        if (skip == 0) {
            ended(false);
        }
        return true;
    }

    /** Starts in resynchronisation: the first bytes may be the middle of a reply. */
    void startMidStream() {
        resyncing = true;
    }

    void feed(byte[] buf, int off, int len) {
        int p = off;
        int end = off + len;
        while (p < end) {
            if (skip > 0) {
                int n = (int) Math.min(skip, end - p);
                p += n;
                skip -= n;
                if (skip == 0) {
                    ended(false);
                }
                continue;
            }
            int next = line.collect(buf, p, end);
            if (next < 0) {
                return;
            }
            p = next;
            if (line.overflowed()) {
                bad();
                continue;
            }
            handleLine();
            line.clear();
        }
    }

    private void handleLine() {
        if (resyncing) {
            if (!looksLikeReplyStart()) {
                return;
            }
            resyncing = false;
        }
        if (line.length == 0) {
            bad();
            return;
        }
        byte t = line.at(0);
        switch (t) {
            case '+', ',', '#', '(' -> scalar(t == '+' ? ReplyShape.Type.SIMPLE : ReplyShape.Type.OTHER, false);
            case '-' -> scalar(ReplyShape.Type.ERROR, false);
            case ':' -> {
                long v = line.number();
                if (v == Long.MIN_VALUE) {
                    bad();
                    return;
                }
                if (depth == 0) {
                    shape.reset(ReplyShape.Type.INTEGER);
                    shape.integer = v;
                    topKind = 0;
                } else if (depth == 1 && !attribute[0]) {
                    shape.elementBegins(ReplyShape.Type.INTEGER, v);
                }
                ended(false);
            }
            case '_' -> scalar(ReplyShape.Type.NIL, true);
            case '$', '=', '!' -> {
                long n = line.number();
                if (n == -1 && t == '$') {
                    scalar(ReplyShape.Type.NIL, true);
                } else if (n < 0 || n > 512L * 1024 * 1024) {
                    bad();
                } else {
                    if (depth == 0) {
                        shape.reset(t == '!' ? ReplyShape.Type.ERROR : ReplyShape.Type.BULK);
                        topKind = 0;
                    } else if (depth == 1 && !attribute[0]) {
                        shape.elementBegins(t == '!' ? ReplyShape.Type.ERROR : ReplyShape.Type.BULK, n);
                    }
                    skip = n + 2;
                }
            }
            case '*', '~', '>', '%', '|' -> aggregate(t);
            default -> bad();
        }
    }

    private void scalar(ReplyShape.Type type, boolean nil) {
        if (depth == 0) {
            shape.reset(type);
            topKind = 0;
        } else if (depth == 1 && !attribute[0]) {
            shape.elementBegins(type, 0);
        }
        ended(nil);
    }

    private void aggregate(byte t) {
        long n = line.number();
        if (n == -1 && (t == '*' || t == '%' || t == '~')) {
            if (depth == 0) {
                shape.reset(ReplyShape.Type.NIL);
                shape.nilAggregate = true; // RESP2's *-1 (BLPOP timing out), never a GET's $-1
                topKind = 0;
            } else if (depth == 1 && !attribute[0]) {
                shape.elementBegins(ReplyShape.Type.NIL, -1);
            }
            ended(true);
            return;
        }
        if (n < 0 || n > Integer.MAX_VALUE / 2 || depth == MAX_DEPTH) {
            bad();
            return;
        }
        int count = (int) n * (t == '%' || t == '|' ? 2 : 1);
        if (depth == 0) {
            shape.reset(ReplyShape.Type.AGGREGATE);
            shape.elements = (int) n;
            topKind = t == '>' || t == '|' ? t : 0;
            shape.keepElements = t == '*' && listener.wantsElements();
        } else if (depth == 1 && !attribute[0]) {
            shape.elementBegins(ReplyShape.Type.AGGREGATE, n);
        }
        if (count == 0) {
            if (t == '|') {
                return; // an empty attribute: nothing, the reply follows
            }
            ended(false);
            return;
        }
        remaining[depth] = count;
        attribute[depth] = t == '|';
        depth++;
    }

    /** A value ended at the current depth: count it in the aggregates around it. */
    private void ended(boolean nil) {
        for (;;) {
            if (depth == 0) {
                topEnded();
                return;
            }
            if (depth == 1 && !attribute[0]) {
                shape.element(nil);
            }
            if (--remaining[depth - 1] > 0) {
                return;
            }
            depth--;
            nil = false;
            if (attribute[depth] && depth > 0) {
                return; // a nested attribute annotates the next value; it is no element
            }
        }
    }

    private void topEnded() {
        if (topKind == '|') {
            topKind = 0;
            return; // an attribute: the reply itself follows
        }
        if (topKind == '>') {
            topKind = 0;
            listener.push();
            return;
        }
        listener.reply(shape);
    }

    private void bad() {
        reset();
        resyncing = true;
        listener.desync();
    }

    private void reset() {
        line.clear();
        skip = 0;
        depth = 0;
        topKind = 0;
    }

    private boolean looksLikeReplyStart() {
        if (line.length == 0) {
            return false;
        }
        return switch (line.at(0)) {
            case '+', '-' -> line.length > 1;
            case ':', '$', '*', '%', '~', '>', '=', '!', '|' -> line.number() != Long.MIN_VALUE;
            case '_' -> line.length == 1;
            default -> false;
        };
    }
}
