package dev.stampededoctor.detectors.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyPatternsTest {

    private static String infer(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        return new String(KeyPatterns.infer(b, 0, b.length), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "user:42:profile                                   | user:*:profile",
        "user:-7:profile                                   | user:*:profile",
        "session:0c6f1a52-8d0e-4b7e-9a59-3c2f8e7d1b44       | session:*",
        "cart:9f8a7b6c5d4e3f21                              | cart:*",
        "token:eyJhbGciOiJIUzI1NiJ9abcDEF12                 | token:*",
        "blob:deadbeefcafebabe                              | blob:*",
        "homepage:v1                                        | homepage:v1",
        "config                                             | config",
        "key:000000012345                                   | key:*",
        "order-123456                                       | order-*",
        "cache/v2/users/1001/orders                         | cache/v2/users/*/orders",
        "geo:10.0.0.1                                       | geo:*",
        "price:7                                            | price:*",
        "12345                                              | *",
        "weird*key?[x]                                      | weird\\*key\\?\\[x\\]",
        "a::b                                               | a::b",
        "feature_flags_enabled_for_beta                     | feature_flags_enabled_for_beta",
        "café:menu                                          | café:menu",
        "price:sku-0                                        | price:sku-*",
        "price:sku-17                                       | price:sku-*",
        "item_3:detail                                      | item_*:detail",
        "shard-12-a                                         | shard-*-a",
        "report:2026-11-05                                  | report:*-*-*",
        "api:v2.1:users                                     | api:v2.*:users",
        "hash:md5                                           | hash:md5",
        "page7                                              | page7",
    })
    void collapses_identifier_segments_only(String key, String pattern) {
        assertThat(infer(key)).isEqualTo(pattern);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"user:42:profile", "order-123456", "weird*key?[x]", "session:0c6f1a52-8d0e-4b7e-9a59-3c2f8e7d1b44"})
    void a_pattern_matches_its_own_key(String key) {
        assertThat(GlobMatch.matches(infer(key), key)).isTrue();
    }

    @org.junit.jupiter.api.Test
    void binary_segments_become_wildcards() {
        byte[] key = {'b', 'i', 'n', ':', (byte) 0xff, 0, 1, ':', 'x'};
        assertThat(new String(KeyPatterns.infer(key, 0, key.length), StandardCharsets.UTF_8)).isEqualTo("bin:*:x");
    }

    /** Redis glob semantics for the subset patterns use: '*', '?', '[…]' and backslash escapes. */
    static final class GlobMatch {
        static boolean matches(String p, String s) {
            return match(p, 0, s, 0);
        }

        private static boolean match(String p, int i, String s, int j) {
            while (i < p.length()) {
                char c = p.charAt(i);
                if (c == '*') {
                    for (int k = j; k <= s.length(); k++) {
                        if (match(p, i + 1, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (j >= s.length()) {
                    return false;
                }
                if (c == '\\' && i + 1 < p.length()) {
                    i++;
                    c = p.charAt(i);
                } else if (c == '?') {
                    i++;
                    j++;
                    continue;
                }
                if (c != s.charAt(j)) {
                    return false;
                }
                i++;
                j++;
            }
            return j == s.length();
        }
    }
}
