package dev.stampededoctor.detectors.keys;

import java.util.Arrays;

/**
 * Infers a Redis glob pattern from one key name: the key is cut into segments at {@code : / | #
 * , ; =} and a space, and every segment that looks like an identifier becomes {@code *}: numbers,
 * UUIDs, hex strings, hash- or token-like strings; inside a segment, long digit runs
 * ({@code order123456} → {@code order*}) and numbers after {@code -}, {@code _} or {@code .}
 * ({@code sku-7} → {@code sku-*}: numeric variants of one family are one pattern), while short
 * numbers attached to letters stay ({@code v1}, {@code md5}). Other segments stay literal, glob-escaped, so the
 * result can be passed to {@code SCAN MATCH} and matches the key it came from.
 *
 * <p>Examples: {@code user:42:profile} → {@code user:*:profile}; {@code session:9f8a…} →
 * {@code session:*}; {@code homepage:v1} stays {@code homepage:v1}.
 */
public final class KeyPatterns {
    private static final int LONG_DIGIT_RUN = 4;

    private KeyPatterns() {
    }

    /**
     * A reusable buffer for {@link #inferInto}: the key table infers the pattern of every new
     * key, and a fresh array for each would be most of its garbage.
     */
    public static final class Scratch {
        private byte[] bytes = new byte[64];
        private int length;

        /** The array holding the last pattern, valid in {@code [0, length())} until the next use. */
        public byte[] bytes() {
            return bytes;
        }

        public int length() {
            return length;
        }

        void write(int b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = (byte) b;
        }

        void write(byte[] src, int off, int len) {
            if (length + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + len));
            }
            System.arraycopy(src, off, bytes, length, len);
            length += len;
        }
    }

    /** The pattern for the key {@code buf[off, off+len)}, as UTF-8 bytes. */
    public static byte[] infer(byte[] buf, int off, int len) {
        Scratch out = new Scratch();
        inferInto(buf, off, len, out);
        return Arrays.copyOf(out.bytes, out.length);
    }

    /** Writes the pattern for the key {@code buf[off, off+len)} to {@code out}, replacing what it held. */
    public static void inferInto(byte[] buf, int off, int len, Scratch out) {
        out.length = 0;
        int end = off + len;
        int segStart = off;
        for (int i = off; i <= end; i++) {
            if (i == end || isDelimiter(buf[i])) {
                appendSegment(buf, segStart, i, out);
                if (i < end) {
                    out.write(buf[i]);
                }
                segStart = i + 1;
            }
        }
    }

    private static boolean isDelimiter(byte b) {
        return b == ':' || b == '/' || b == '|' || b == '#' || b == ',' || b == ';' || b == '=' || b == ' ';
    }

    private static void appendSegment(byte[] buf, int from, int to, Scratch out) {
        int len = to - from;
        if (len == 0) {
            return;
        }
        if (isIdentifier(buf, from, to) || !KeyText.isPlain(buf, from, len)) {
            // Binary segments are identifiers too: a glob cannot spell them as text.
            out.write('*');
            return;
        }
        int i = from;
        while (i < to) {
            int run = digitRun(buf, i, to);
            // A number after a separator inside a segment numbers a family: sku-0 … sku-9 are
            // one pattern, sku-*. One attached to letters (v1, md5, utf8) names a variant.
            if (run >= LONG_DIGIT_RUN || run > 0 && i > from && isFamilySeparator(buf[i - 1])) {
                out.write('*');
                i += run;
            } else if (run > 0) {
                out.write(buf, i, run);
                i += run;
            } else {
                byte b = buf[i++];
                if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
                    out.write('\\');
                }
                out.write(b);
            }
        }
    }

    private static boolean isFamilySeparator(byte b) {
        return b == '-' || b == '_' || b == '.';
    }

    private static int digitRun(byte[] buf, int i, int to) {
        int k = i;
        while (k < to && buf[k] >= '0' && buf[k] <= '9') {
            k++;
        }
        return k - i;
    }

    static boolean isIdentifier(byte[] buf, int from, int to) {
        return isNumber(buf, from, to) || isUuid(buf, from, to) || isHex(buf, from, to) || isToken(buf, from, to);
    }

    /** Digits, with an optional sign and dots ({@code -12}, {@code 3.5}, {@code 10.0.0.1}). */
    private static boolean isNumber(byte[] buf, int from, int to) {
        int i = from;
        if (buf[i] == '-' || buf[i] == '+') {
            i++;
        }
        boolean digit = false;
        for (; i < to; i++) {
            byte b = buf[i];
            if (b >= '0' && b <= '9') {
                digit = true;
            } else if (b != '.') {
                return false;
            }
        }
        return digit;
    }

    private static boolean isUuid(byte[] buf, int from, int to) {
        if (to - from != 36) {
            return false;
        }
        for (int k = 0; k < 36; k++) {
            byte b = buf[from + k];
            boolean dash = k == 8 || k == 13 || k == 18 || k == 23;
            if (dash ? b != '-' : !isHexDigit(b)) {
                return false;
            }
        }
        return true;
    }

    /** Eight or more hex digits with a decimal digit among them, or sixteen or more. */
    private static boolean isHex(byte[] buf, int from, int to) {
        int len = to - from;
        if (len < 8) {
            return false;
        }
        boolean decimal = false;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (!isHexDigit(b)) {
                return false;
            }
            decimal |= b >= '0' && b <= '9';
        }
        return decimal || len >= 16;
    }

    /**
     * Sixteen or more base64/base62 characters that mix letters and digits the way generated
     * tokens do: both letter cases with digits, or at least a fifth digits.
     */
    private static boolean isToken(byte[] buf, int from, int to) {
        int len = to - from;
        if (len < 16) {
            return false;
        }
        int digits = 0;
        int upper = 0;
        int lower = 0;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b >= '0' && b <= '9') {
                digits++;
            } else if (b >= 'A' && b <= 'Z') {
                upper++;
            } else if (b >= 'a' && b <= 'z') {
                lower++;
            } else if (b != '-' && b != '_' && b != '+' && b != '.' && b != '~') {
                return false;
            }
        }
        if (digits == 0) {
            return false;
        }
        return (upper > 0 && lower > 0) || digits * 5 >= len;
    }

    private static boolean isHexDigit(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
