package dev.stampededoctor.detectors.keys;

import java.util.Arrays;

/**
 * Infers a Redis glob pattern from one key name: the key is cut into segments at {@code : / | #
 * , ; = { }} and a space (braces: Redis Cluster hash tags, {@code {user:42}:cart} →
 * {@code {user:*}:cart}), and every segment that looks like an identifier becomes {@code *}: numbers,
 * UUIDs, hex strings, hash- or token-like strings. Inside other segments, numbered members of a
 * family become {@code *} word by word (see {@link #appendWord}): a word of digits between
 * separators ({@code sku-7} → {@code sku-*}, {@code shard-12-a} → {@code shard-*-a}), two or more
 * letters followed by digits ({@code page7} → {@code page*}), and long digit runs anywhere
 * ({@code order-123456} → {@code order-*}). Real words stay literal, glob-escaped, so the result
 * can be passed to {@code SCAN MATCH} and matches the key it came from: one letter and digits
 * ({@code v2}, {@code s3}), known names ({@code md5}, {@code utf8}, {@code ipv6}) and words with
 * letters after digits ({@code 2fa}, {@code k8s}).
 *
 * <p>Examples: {@code user:42:profile} → {@code user:*:profile}; {@code price:sku-0} →
 * {@code price:sku-*}; {@code session:9f8a…} → {@code session:*}; {@code homepage:v1} stays
 * {@code homepage:v1}.
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
        // { and } too: a cluster hash tag ({user:42}:cart) holds segments of its own.
        return b == ':' || b == '/' || b == '|' || b == '#' || b == ',' || b == ';' || b == '=' || b == ' '
                || b == '{' || b == '}';
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
            byte b = buf[i];
            if (isAlnum(b)) {
                int t = i + 1;
                while (t < to && isAlnum(buf[t])) {
                    t++;
                }
                appendWord(buf, i, t, out);
                i = t;
            } else {
                if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
                    out.write('\\');
                }
                out.write(b);
                i++;
            }
        }
    }

    /**
     * One word of a segment: a maximal run of ASCII letters and digits between separators
     * ({@code - _ .} or any other byte). A word of digits is an index ({@code sku-7} → {@code
     * sku-*}); two or more letters then digits is a numbered member of a family ({@code page7} →
     * {@code page*}) unless it is a known name ({@link #NAMED}: {@code md5}, {@code utf8}…); one
     * letter then digits is a version or a name ({@code v2}, {@code s3}, {@code p99}) and stays,
     * as do words where letters follow digits ({@code 2fa}, {@code k8s}), whose digit runs of
     * {@value #LONG_DIGIT_RUN} or more still become {@code *}.
     */
    private static void appendWord(byte[] buf, int from, int to, Scratch out) {
        int letters = from;
        while (letters < to && isLetter(buf[letters])) {
            letters++;
        }
        if (letters == to) {
            out.write(buf, from, to - from);
            return;
        }
        int digitsEnd = letters + digitRun(buf, letters, to);
        if (digitsEnd == to) {
            int prefix = letters - from;
            if (prefix == 0) {
                out.write('*');
                return;
            }
            if (prefix >= 2 && !isNamed(buf, from, to - from)) {
                out.write(buf, from, prefix);
                out.write('*');
                return;
            }
        }
        out.write(buf, from, letters - from);
        int i = letters;
        while (i < to) {
            int run = digitRun(buf, i, to);
            if (run >= LONG_DIGIT_RUN) {
                out.write('*');
                i += run;
            } else if (run > 0) {
                out.write(buf, i, run);
                i += run;
            } else {
                out.write(buf[i++]);
            }
        }
    }

    /**
     * Letters-then-digits words that name a thing rather than number a family member, lower case,
     * as little-endian words ({@link Words#load}).
     */
    private static final long[] NAMED = named("md4", "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "crc16",
            "crc32", "crc64", "utf8", "utf16", "utf32", "base32", "base58", "base62", "base64", "ipv4", "ipv6",
            "http1", "http2", "http3", "oauth1", "oauth2", "int8", "int16", "int32", "int64", "uint8", "uint16",
            "uint32", "uint64", "float32", "float64", "arm64", "amd64", "win32", "win64", "ec2", "mp3", "mp4",
            "h264", "h265", "vp8", "vp9", "av1", "es5", "es6", "tls12", "tls13");

    private static long[] named(String... names) {
        long[] words = new long[names.length];
        for (int k = 0; k < names.length; k++) {
            byte[] b = names[k].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            words[k] = Words.load(b, 0, b.length);
        }
        Arrays.sort(words);
        return words;
    }

    /** Whether the letters-then-digits word {@code buf[from, from+len)} is one of {@link #NAMED}, ignoring case. */
    private static boolean isNamed(byte[] buf, int from, int len) {
        if (len > 8) {
            return false;
        }
        // Letters and digits only: setting bit 5 lowers letters and leaves digits as they are.
        long word = Words.load(buf, from, len) | (0x2020202020202020L & (len == 8 ? -1L : (1L << (len << 3)) - 1));
        return Arrays.binarySearch(NAMED, word) >= 0;
    }

    private static boolean isLetter(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    private static boolean isAlnum(byte b) {
        return isLetter(b) || (b >= '0' && b <= '9');
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
