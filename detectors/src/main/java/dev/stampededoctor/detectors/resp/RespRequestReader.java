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

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_ARGS = 1024 * 1024;
    private static final long MAX_BULK = 512L * 1024 * 1024;

    private final Listener listener;
    private final RequestArgs args = new RequestArgs();
    private byte[] line = new byte[64];
    private int lineLength;
    private boolean lineTooLong;
    /** Arguments still to come in the current request; 0 between requests. */
    private int argsLeft;
    /** Payload bytes of the current argument still to come, then 2 for its CRLF; -1 when a {@code $} line is due. */
    private long payloadLeft = -1;
    private boolean resyncing;

    RespRequestReader(Listener listener) {
        this.listener = listener;
    }

    boolean atBoundary() {
        return argsLeft == 0 && lineLength == 0 && !resyncing;
    }

    void lost() {
        reset();
        resyncing = true;
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
            int nl = p;
            while (nl < end && buf[nl] != '\n') {
                nl++;
            }
            append(buf, p, nl);
            if (nl == end) {
                return;
            }
            p = nl + 1;
            if (lineLength > 0 && line[lineLength - 1] == '\r') {
                lineLength--;
            }
            if (lineTooLong) {
                lineTooLong = false;
                lineLength = 0;
                bad();
                continue;
            }
            handleLine();
            lineLength = 0;
        }
    }

    private void append(byte[] buf, int from, int to) {
        int n = to - from;
        if (lineTooLong || n == 0) {
            return;
        }
        if (lineLength + n > MAX_LINE) {
            lineTooLong = true;
            return;
        }
        if (lineLength + n > line.length) {
            line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(buf, from, line, lineLength, n);
        lineLength += n;
    }

    private void handleLine() {
        if (argsLeft == 0) {
            if (lineLength > 0 && line[0] == '*') {
                long n = number();
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
            } else if (!resyncing && lineLength > 0) {
                inline();
            } else if (!resyncing) {
                // An empty line between requests: Redis ignores it.
                return;
            }
            return;
        }
        // A $<length> line is due.
        long n = lineLength > 0 && line[0] == '$' ? number() : Long.MIN_VALUE;
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
        while (i < lineLength) {
            while (i < lineLength && line[i] == ' ') {
                i++;
            }
            int start = i;
            while (i < lineLength && line[i] != ' ') {
                i++;
            }
            if (i > start) {
                args.begin();
                args.append(line, start, i - start);
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
        lineLength = 0;
        lineTooLong = false;
    }

    private long number() {
        if (lineLength < 2 || lineLength > 20) {
            return Long.MIN_VALUE;
        }
        boolean negative = line[1] == '-';
        int k = negative ? 2 : 1;
        if (k == lineLength) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; k < lineLength; k++) {
            int d = line[k] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }
}
