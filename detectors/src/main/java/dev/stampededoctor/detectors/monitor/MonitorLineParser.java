package dev.stampededoctor.detectors.monitor;

/**
 * Parses one MONITOR line, in any of the shapes captures come in:
 *
 * <pre>
 * 1700000000.123456 [0 127.0.0.1:50312] "SET" "k" "v"     redis-cli monitor
 * +1700000000.123456 [0 [::1]:50312] "GET" "k"            raw server line
 * 1700000000.123456 [2 unix:/run/redis.sock] "DEL" "k"
 * 1700000000.123456 [0 lua] "del" "k"                      inside EVAL/FCALL
 * 1339518083.107412 (db 0) "keys" "*"                      Redis before 2.6
 * </pre>
 *
 * Arguments are decoded from the {@code sdscatrepr} quoting back to bytes; those without an
 * escape are not copied but left in the line's buffer. The parser works on bytes and allocates
 * nothing per line once its scratch arrays have grown to the longest line.
 */
public final class MonitorLineParser {

    /**
     * Parses {@code buf[start, end)} (without the line terminator; a trailing CR is ignored) into
     * {@code out}.
     */
    public LineVerdict parse(byte[] buf, int start, int end, MonitorLine out) {
        out.hasReplies = false;
        out.clearUnwritten();
        if (end > start && buf[end - 1] == '\r') {
            end--;
        }
        int p = start;
        if (p < end && buf[p] == '+') {
            p++;
        }
        // The line as redis-cli prints it: without the + of the raw reply.
        out.lineStart = p;
        out.lineEnd = end;
        if (p == end || (end - p == 2 && buf[p] == 'O' && buf[p + 1] == 'K')) {
            return LineVerdict.IGNORED;
        }

        // <seconds>.<microseconds>: the usual ten digits, '.', six digits a word at a time, or
        // any other shape byte by byte.
        long stamp = Swar.timestampMicros(buf, p, end);
        if (stamp >= 0) {
            out.timestampMicros = stamp;
            p += Swar.TIMESTAMP_LENGTH;
        } else {
            p = parseTimestamp(buf, p, end, out);
            if (p < 0) {
                return LineVerdict.BAD_TIMESTAMP;
            }
        }

        p = parseDbAndSource(buf, p, end, out);
        if (p < 0) {
            return LineVerdict.BAD_DB;
        }
        if (p >= end || buf[p] != '"') {
            return LineVerdict.NO_COMMAND;
        }
        return parseArguments(buf, p, end, out);
    }

    /**
     * The timestamp a MONITOR line (or a recorded keyspace event) starts with, {@code [+]<seconds>.<1
     * to 6 digits> }, as µs since the epoch; -1 when {@code buf[start, end)} starts otherwise ({@code OK},
     * a header). For readers that order lines without parsing them (a live merge of several nodes).
     */
    public static long timestampMicros(byte[] buf, int start, int end) {
        int p = start < end && buf[start] == '+' ? start + 1 : start;
        long stamp = Swar.timestampMicros(buf, p, end);
        return stamp >= 0 ? stamp : slowTimestamp(buf, p, end);
    }

    /** Parses {@code <seconds>.<1 to 6 digits> } at {@code p}; returns the position after the space, or -1. */
    private static int parseTimestamp(byte[] buf, int p, int end, MonitorLine out) {
        long stamp = slowTimestamp(buf, p, end);
        if (stamp < 0) {
            return -1;
        }
        out.timestampMicros = stamp;
        while (buf[p] != ' ') {
            p++; // slowTimestamp saw the space
        }
        return p + 1;
    }

    /** {@code <seconds>.<1 to 6 digits> } at {@code p}, byte by byte, as µs; -1 for another shape. */
    private static long slowTimestamp(byte[] buf, int p, int end) {
        long seconds = 0;
        int digitsStart = p;
        while (p < end && isDigit(buf[p]) && p - digitsStart < 12) {
            seconds = seconds * 10 + (buf[p++] - '0');
        }
        if (p == digitsStart || p >= end || buf[p] != '.') {
            return -1;
        }
        p++;
        long micros = 0;
        int fractionStart = p;
        while (p < end && isDigit(buf[p]) && p - fractionStart < 6) {
            micros = micros * 10 + (buf[p++] - '0');
        }
        int fractionDigits = p - fractionStart;
        if (fractionDigits == 0 || p >= end || buf[p] != ' ') {
            return -1;
        }
        for (int k = fractionDigits; k < 6; k++) {
            micros *= 10;
        }
        return seconds * 1_000_000L + micros;
    }

    /** Returns the position of the first argument's quote, or -1. */
    private static int parseDbAndSource(byte[] buf, int p, int end, MonitorLine out) {
        out.raw = buf;
        out.sourceBytes = buf;
        if (p < end && buf[p] == '[') {
            p++;
            int db = 0;
            int dbStart = p;
            while (p < end && isDigit(buf[p]) && p - dbStart < 6) {
                db = db * 10 + (buf[p++] - '0');
            }
            if (p == dbStart || p >= end || buf[p] != ' ') {
                return -1;
            }
            p++;
            // The source ends at the first ']' followed by ' "': an IPv6 source holds a ']' itself.
            int sourceStart = p;
            p = endOfSource(buf, p, end);
            if (p + 2 >= end || p == sourceStart) {
                return -1;
            }
            out.db = db;
            out.sourceOffset = sourceStart;
            out.sourceLength = p - sourceStart;
            out.sourceKind = classify(buf, sourceStart, p);
            return p + 2;
        }
        // (db N)
        if (end - p > 5 && buf[p] == '(' && buf[p + 1] == 'd' && buf[p + 2] == 'b' && buf[p + 3] == ' ') {
            p += 4;
            int db = 0;
            int dbStart = p;
            while (p < end && isDigit(buf[p]) && p - dbStart < 6) {
                db = db * 10 + (buf[p++] - '0');
            }
            if (p == dbStart || p + 1 >= end || buf[p] != ')' || buf[p + 1] != ' ') {
                return -1;
            }
            out.db = db;
            out.sourceOffset = p;
            out.sourceLength = 0;
            out.sourceKind = SourceKind.UNKNOWN;
            return p + 2;
        }
        return -1;
    }

    /** The position of the ']' that closes the source (followed by ' "'), or {@code end - 2} if none. */
    private static int endOfSource(byte[] buf, int p, int end) {
        while (p + 2 < end) {
            if (p + 8 <= end) {
                long m = Swar.matches(Swar.word(buf, p), Swar.CLOSING_BRACKETS);
                if (m == 0) {
                    p += 8;
                    continue;
                }
                p += Swar.firstIndex(m);
                if (p + 2 >= end) {
                    break;
                }
            }
            if (buf[p] == ']' && buf[p + 1] == ' ' && buf[p + 2] == '"') {
                return p;
            }
            p++;
        }
        return Math.max(p, end - 2);
    }

    static SourceKind classify(byte[] buf, int from, int to) {
        int len = to - from;
        if (len == 3 && buf[from] == 'l' && buf[from + 1] == 'u' && buf[from + 2] == 'a') {
            return SourceKind.LUA;
        }
        if (len > 5 && buf[from] == 'u' && buf[from + 1] == 'n' && buf[from + 2] == 'i'
                && buf[from + 3] == 'x' && buf[from + 4] == ':') {
            return SourceKind.UNIX;
        }
        return SourceKind.ADDRESS;
    }

    /**
     * Arguments without a backslash (nearly all of them) need no decoding: they are left where
     * they are, as slices of the line, and only their bounds are recorded. The first backslash
     * sends the whole line to {@link #decodeArguments}, which copies it into the scratch array.
     */
    private static LineVerdict parseArguments(byte[] buf, int p, int end, MonitorLine out) {
        int first = p;
        int argc = 0;
        while (true) {
            // buf[p] == '"'
            p++;
            int argStart = p;
            while (true) {
                if (p + 8 <= end) {
                    long word = Swar.word(buf, p);
                    long m = Swar.matches(word, Swar.QUOTES) | Swar.matches(word, Swar.BACKSLASHES);
                    if (m == 0) {
                        p += 8;
                        continue;
                    }
                    p += Swar.firstIndex(m);
                    break;
                }
                if (p >= end) {
                    return LineVerdict.UNTERMINATED;
                }
                byte c = buf[p];
                if (c == '"' || c == '\\') {
                    break;
                }
                p++;
            }
            if (buf[p] != '"') {
                return decodeArguments(buf, first, end, out);
            }
            if (argc == out.argOffsets.length) {
                out.argOffsets = java.util.Arrays.copyOf(out.argOffsets, argc * 2);
                out.argLengths = java.util.Arrays.copyOf(out.argLengths, argc * 2);
            }
            out.argOffsets[argc] = argStart;
            out.argLengths[argc] = p - argStart;
            argc++;
            p++;
            if (p == end) {
                out.args = buf;
                out.argCount = argc;
                return LineVerdict.COMMAND;
            }
            if (buf[p] != ' ' || p + 1 >= end || buf[p + 1] != '"') {
                return LineVerdict.BAD_ARGUMENT;
            }
            p++;
        }
    }

    /** Decodes the escapes of every argument into the line's scratch array. */
    private static LineVerdict decodeArguments(byte[] buf, int p, int end, MonitorLine out) {
        // Decoded arguments are never longer than the raw line.
        if (out.scratch.length < end - p) {
            out.scratch = new byte[Math.max(end - p, out.scratch.length * 2)];
        }
        byte[] dst = out.scratch;
        out.args = dst;
        int w = 0;
        int argc = 0;
        while (true) {
            // buf[p] == '"'
            p++;
            if (argc == out.argOffsets.length) {
                out.argOffsets = java.util.Arrays.copyOf(out.argOffsets, argc * 2);
                out.argLengths = java.util.Arrays.copyOf(out.argLengths, argc * 2);
            }
            int argStart = w;
            while (true) {
                // Copy the run of plain bytes up to the next quote or backslash, a word at a time
                // where eight bytes remain. A decoded argument is never longer than its raw form,
                // so a whole word written at w stays inside dst.
                if (p + 8 <= end) {
                    long word = Swar.word(buf, p);
                    long m = Swar.matches(word, Swar.QUOTES) | Swar.matches(word, Swar.BACKSLASHES);
                    Swar.putWord(dst, w, word);
                    if (m == 0) {
                        p += 8;
                        w += 8;
                        continue;
                    }
                    int k = Swar.firstIndex(m);
                    p += k;
                    w += k;
                } else {
                    if (p >= end) {
                        return LineVerdict.UNTERMINATED;
                    }
                    byte c = buf[p];
                    if (c != '"' && c != '\\') {
                        dst[w++] = c;
                        p++;
                        continue;
                    }
                }
                byte c = buf[p++];
                if (c == '"') {
                    break;
                }
                if (p >= end) {
                    return LineVerdict.UNTERMINATED;
                }
                byte e = buf[p++];
                switch (e) {
                    case '\\', '"' -> dst[w++] = e;
                    case 'n' -> dst[w++] = '\n';
                    case 'r' -> dst[w++] = '\r';
                    case 't' -> dst[w++] = '\t';
                    case 'a' -> dst[w++] = 7;
                    case 'b' -> dst[w++] = '\b';
                    case 'x' -> {
                        if (p + 1 >= end) {
                            return LineVerdict.UNTERMINATED;
                        }
                        int hi = hex(buf[p]);
                        int lo = hex(buf[p + 1]);
                        if (hi < 0 || lo < 0) {
                            return LineVerdict.BAD_ESCAPE;
                        }
                        dst[w++] = (byte) (hi << 4 | lo);
                        p += 2;
                    }
                    default -> {
                        return LineVerdict.BAD_ESCAPE;
                    }
                }
            }
            out.argOffsets[argc] = argStart;
            out.argLengths[argc] = w - argStart;
            argc++;
            if (p == end) {
                out.argCount = argc;
                return LineVerdict.COMMAND;
            }
            if (buf[p] != ' ' || p + 1 >= end || buf[p + 1] != '"') {
                return LineVerdict.BAD_ARGUMENT;
            }
            p++;
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
