package dev.stampededoctor.cli.drill;

import java.nio.charset.StandardCharsets;

/**
 * The value XFetch and stale-while-revalidate store: the body plus when it goes stale and how long
 * its rebuild took, as {@code sd1|<staleAtMillis>|<rebuildMillis>|<body>}. Plain values (written
 * by another mitigation or by hand) decode to null and are taken as they are.
 */
record CachedValue(long staleAtMillis, long rebuildMillis, String body) {
    private static final String MAGIC = "sd1|";

    String encode() {
        return MAGIC + staleAtMillis + "|" + rebuildMillis + "|" + body;
    }

    static CachedValue decode(byte[] value) {
        String s = new String(value, StandardCharsets.UTF_8);
        if (!s.startsWith(MAGIC)) {
            return null;
        }
        int a = s.indexOf('|', MAGIC.length());
        int b = a < 0 ? -1 : s.indexOf('|', a + 1);
        if (b < 0) {
            return null;
        }
        try {
            return new CachedValue(Long.parseLong(s.substring(MAGIC.length(), a)), Long.parseLong(s.substring(a + 1, b)),
                    s.substring(b + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
