package dev.stampededoctor.detectors.resp;

/**
 * Follows the client's side of one connection and hands on each complete request: RESP arrays of
 * bulk strings, as every client library sends, and inline commands ({@code PING\r\n}), as telnet
 * users do. Bytes that are no request (a capture that starts mid-request, a gap) put it into
 * resynchronisation: it skips to the next line of the form {@code *<n>}.
 */
final class RespRequestReader {
    interface Listener {
        /** A complete request; {@code args} is reused after the call. */
        void request(RequestArgs args);

        /** Bytes that are no request were dropped. */
        void desync();
    }

    private static final int MAX_ARGS = 1024 * 1024;
    private static final long MAX_BULK = 512L * 1024 * 1024;

    private final Listener listener;
    private final RequestArgs args = new RequestArgs();
    private final RespLine line = new RespLine();
    /** Arguments still to come in the current request; 0 between requests. */
    private int argsLeft;
    /** Payload bytes of the current argument still to come, then 2 for its CRLF; -1 when a {@code $} line is due. */
    private long payloadLeft = -1;
    private boolean resyncing;

    RespRequestReader(Listener listener) {
        this.listener = listener;
    }

    boolean atBoundary() {
        return argsLeft == 0 && line.length == 0 && !resyncing;
    }

    void lost() {
        reset();
        resyncing = true;
    }

    /**
     * {@code bytes} were lost, all of them inside the value being read (a snap length cut a large
     * value written by SET, HSET…): its head is kept and the request goes on. Returns false, changing nothing, when
     * the loss reaches past that argument: the arguments after it are unknown.
     */
    boolean skipLost(long bytes) {
        if (resyncing || argsLeft == 0 || payloadLeft < 0 || !Verb.of(args).isValue(args.count - 1)) {
            return false; // a key or a name cut short would be another key
        }
        if (bytes > payloadLeft) {
            return false;
        }
        payloadLeft -= bytes;
        if (payloadLeft == 0) {
            payloadLeft = -1;
            if (--argsLeft == 0) {
                listener.request(args);
            }
        }
        return true;
    }

    /**
     * {@code bytes} were lost from inside SET's value on, past its end: the options after it (EX
     * 60, NX…) went with it, and maybe more. The SET goes on with what was seen (key and the
     * value's head: a write of the key, its TTL unknown), and reading resumes at the next request.
     * Returns false, changing nothing, for a loss anywhere else.
     */
    boolean cutSet(long bytes) {
        if (resyncing || argsLeft == 0 || payloadLeft < 0 || bytes <= payloadLeft || args.count != 3
                || Verb.of(args) != Verb.SET) {
            return false;
        }
        listener.request(args);
        lost();
        return true;
    }

    void startMidStream() {
        resyncing = true;
    }

    void feed(byte[] buf, int off, int len) {
        int p = off;
        int end = off + len;
        while (p < end) {
            if (argsLeft > 0 && payloadLeft >= 0) {
                int n = (int) Math.min(payloadLeft, end - p);
                long dataLeft = payloadLeft - 2;
                if (dataLeft > 0) {
                    args.append(buf, p, (int) Math.min(n, dataLeft));
                }
                p += n;
                payloadLeft -= n;
                if (payloadLeft == 0) {
                    payloadLeft = -1;
                    if (--argsLeft == 0) {
                        listener.request(args);
                    }
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
        if (argsLeft == 0) {
            if (line.length > 0 && line.at(0) == '*') {
                long n = line.number();
                if (n < 1 || n > MAX_ARGS) {
                    if (!resyncing) {
                        bad();
                    }
                    return;
                }
                resyncing = false;
                args.clear();
                argsLeft = (int) n;
                payloadLeft = -1;
            } else if (!resyncing && line.length > 0) {
                inline();
            } else if (!resyncing) {
                // An empty line between requests: Redis ignores it.
                return;
            }
            return;
        }
        // A $<length> line is due.
        long n = line.length > 0 && line.at(0) == '$' ? line.number() : Long.MIN_VALUE;
        if (n < 0 || n > MAX_BULK) {
            bad();
            return;
        }
        args.begin();
        payloadLeft = n + 2;
    }

    /** An inline command: words separated by spaces (quotes are not interpreted). */
    private void inline() {
        args.clear();
        int i = 0;
        while (i < line.length) {
            while (i < line.length && line.at(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < line.length && line.at(i) != ' ') {
                i++;
            }
            if (i > start) {
                args.begin();
                args.append(line.src, line.off + start, i - start);
            }
        }
        if (args.count > 0) {
            listener.request(args);
        }
    }

    private void bad() {
        reset();
        resyncing = true;
        listener.desync();
    }

    private void reset() {
        argsLeft = 0;
        payloadLeft = -1;
        line.clear();
    }
}
