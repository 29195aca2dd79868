package dev.stampededoctor.cli.render.html;

/**
 * Escaping for HTML text and attribute values, also valid XML: keys and query texts come from
 * the capture and may hold markup ({@code <script>}) or bytes XML does not allow.
 */
public final class Html {
    private Html() {
    }

    /**
     * {@code s} as text or as a quoted attribute value: the five markup characters as character
     * references, and control characters XML 1.0 forbids (a key may hold any byte) as U+FFFD.
     */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0xFFFE || c == 0xFFFF ? "\uFFFD" : null;
            };
            if (r != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
