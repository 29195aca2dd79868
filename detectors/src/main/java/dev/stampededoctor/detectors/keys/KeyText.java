package dev.stampededoctor.detectors.keys;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Shows key bytes as text without losing any: well-formed, printable UTF-8 stays as it is; every
 * other byte (invalid UTF-8, control characters, DEL, and the bytes of format characters such as
 * the bidi override U+202E) becomes {@code \xhh} and a backslash
 * becomes {@code \\}. {@link #parse} reverses it exactly, and terminal escape sequences hidden in
 * keys never reach the user's terminal.
 */
public final class KeyText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private KeyText() {
    }

    public static String display(byte[] key) {
        return display(key, 0, key.length);
    }

    public static String display(byte[] buf, int off, int len) {
        StringBuilder sb = new StringBuilder(len + 8);
        int end = off + len;
        int i = off;
        while (i < end) {
            int b = buf[i] & 0xff;
            if (b == '\\') {
                sb.append("\\\\");
                i++;
            } else if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
                i++;
            } else {
                int n = utf8SequenceLength(buf, i, end);
                if (n > 0) {
                    sb.append(new String(buf, i, n, StandardCharsets.UTF_8));
                    i += n;
                } else {
                    sb.append('\\').append('x').append(HEX[b >> 4]).append(HEX[b & 15]);
                    i++;
                }
            }
        }
        return sb.toString();
    }

    /** True when the bytes display as themselves: printable UTF-8 without backslashes. */
    public static boolean isPlain(byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int b = buf[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                i++;
                continue;
            }
            int n = utf8SequenceLength(buf, i, end);
            if (n <= 0) {
                return false;
            }
            i += n;
        }
        return true;
    }

    /** The bytes a displayed key stands for. */
    public static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                out.write('\\');
                i += 2;
            } else if (c == '\\' && i + 3 < text.length() && text.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
                i += 4;
            } else {
                int cp = text.codePointAt(i);
                byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
    }

    /**
     * Length of the well-formed, printable multi-byte UTF-8 sequence at {@code i}, or 0. Overlong
     * forms, surrogates and C1 controls are rejected so that {@link #parse} is exact.
     */
    static int utf8SequenceLength(byte[] buf, int i, int end) {
        int b0 = buf[i] & 0xff;
        int n;
        int min;
        int cp;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            n = 2;
            min = 0x80;
            cp = b0 & 0x1f;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            n = 3;
            min = 0x800;
            cp = b0 & 0x0f;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            n = 4;
            min = 0x10000;
            cp = b0 & 0x07;
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        for (int k = 1; k < n; k++) {
            int b = buf[i + k] & 0xff;
            if ((b & 0xc0) != 0x80) {
                return 0;
            }
            cp = cp << 6 | (b & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0)) {
            return 0;
        }
        // Format characters (bidi overrides such as U+202E, zero-width marks, the BOM) and line or
        // paragraph separators reorder or break what a terminal shows: they are escaped too.
        if (Character.getType(cp) == Character.FORMAT || cp == 0x2028 || cp == 0x2029) {
            return 0;
        }
        return n;
    }
}
