package dev.stampededoctor.detectors.db;

/**
 * Groups queries that differ only in their literals: numbers, quoted strings and {@code $n}
 * parameters become {@code ?}, whitespace collapses, keywords are lower-cased only in so far as
 * the text is lower-cased as a whole. {@code SELECT * FROM t WHERE id = 42} and
 * {@code select * from t where id=7} share a fingerprint.
 */
public final class QueryFingerprint {
    private QueryFingerprint() {
    }

    public static String of(String query) {
        StringBuilder b = new StringBuilder(Math.min(query.length(), 256));
        int n = query.length();
        int i = 0;
        boolean space = false;
        while (i < n) {
            char c = query.charAt(i);
            if (Character.isWhitespace(c)) {
                space = b.length() > 0;
                i++;
                continue;
            }
            if (c == '\'') {
                i++;
                while (i < n) {
                    if (query.charAt(i) == '\'') {
                        if (i + 1 < n && query.charAt(i + 1) == '\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                i++;
                append(b, "?", space);
                space = false;
                continue;
            }
            boolean numberStart = Character.isDigit(c) && (b.length() == 0 || !isWordChar(b.charAt(b.length() - 1)) || space);
            if (numberStart || (c == '$' && i + 1 < n && Character.isDigit(query.charAt(i + 1)))) {
                i++;
                while (i < n && (Character.isDigit(query.charAt(i)) || query.charAt(i) == '.')) {
                    i++;
                }
                append(b, "?", space);
                space = false;
                continue;
            }
            if (isOperator(c)) {
                b.append(c);
                space = false;
                i++;
                continue;
            }
            if (space && b.length() > 0 && !isOperator(b.charAt(b.length() - 1))) {
                b.append(' ');
            }
            space = false;
            b.append(Character.toLowerCase(c));
            i++;
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String s, boolean space) {
        if (space && b.length() > 0 && !isOperator(b.charAt(b.length() - 1))) {
            b.append(' ');
        }
        b.append(s);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isOperator(char c) {
        return c == '=' || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' || c == '+' || c == '-'
                || c == '*' || c == '/';
    }
}
