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
        // Numbered members of a family collapse to the family.
        "price:sku-0                                        | price:sku-*",
        "price:sku-9                                        | price:sku-*",
        "price:sku_7                                        | price:sku_*",
        "price:sku.7                                        | price:sku.*",
        "page7                                              | page*",
        "user42:cart                                        | user*:cart",
        "item_17                                            | item_*",
        "shard-12-a                                         | shard-*-a",
        "report:2024-01-15                                  | report:*-*-*",
        "list[3]                                            | list\\[*\\]",
        "Node3:status                                       | Node*:status",
        // Real words, versions and names stay.
        "api:v1:users                                       | api:v1:users",
        "cache/v2/users                                     | cache/v2/users",
        "bucket:s3:logs                                     | bucket:s3:logs",
        "latency:p99                                        | latency:p99",
        "hash:md5:deadbeefcafebabe                          | hash:md5:*",
        "enc:UTF8:name                                      | enc:UTF8:name",
        "net:ipv6:routes                                    | net:ipv6:routes",
        "auth:2fa:enabled                                   | auth:2fa:enabled",
        "cluster:k8s:pods                                   | cluster:k8s:pods",
        "user:profile-settings                              | user:profile-settings",
        "abc12xyz                                           | abc12xyz",
        "v12345                                             | v*",
        "*sku-7?                                            | \\*sku-*\\?",
        "price:sku-17                                       | price:sku-*",
        "item_3:detail                                      | item_*:detail",
        "api:v2.1:users                                     | api:v2.*:users",
        "hash:md5                                           | hash:md5",
    })
    void collapses_identifier_segments_only(String key, String pattern) {
        assertThat(infer(key)).isEqualTo(pattern);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"user:42:profile", "order-123456", "weird*key?[x]", "session:0c6f1a52-8d0e-4b7e-9a59-3c2f8e7d1b44",
        "price:sku-7", "page7", "shard-12-a", "list[3]", "*sku-7?", "a\\b-1"})
    void a_pattern_matches_its_own_key(String key) {
        assertThat(GlobMatch.matches(infer(key), key)).isTrue();
        // The matcher incidents and their advice select keys with, as SCAN MATCH does for jitter.
        assertThat(dev.stampededoctor.detectors.incident.Glob.matches(infer(key), key)).isTrue();
    }

    @org.junit.jupiter.api.Test
    void a_family_glob_selects_its_family_only() {
        String family = infer("price:sku-3");
        assertThat(dev.stampededoctor.detectors.incident.Glob.matches(family, "price:sku-42")).isTrue();
        assertThat(dev.stampededoctor.detectors.incident.Glob.matches(family, "price:bundle-4")).isFalse();
        assertThat(dev.stampededoctor.detectors.incident.Glob.matches(infer("api:v1:users"), "api:v2:users")).isFalse();
    }

    @org.junit.jupiter.api.Test
    void ten_variants_of_one_family_are_one_pattern() {
        java.util.Set<String> patterns = new java.util.HashSet<>();
        for (int n = 0; n < 10; n++) {
            patterns.add(infer("price:sku-" + n));
        }
        assertThat(patterns).containsExactly("price:sku-*");
    }

    @org.junit.jupiter.api.Test
    void the_scratch_is_reused_without_leftovers() {
        KeyPatterns.Scratch out = new KeyPatterns.Scratch();
        byte[] a = "price:sku-7:a-very-long-suffix-that-grows-the-buffer-past-sixty-four".getBytes(StandardCharsets.UTF_8);
        byte[] b = "page7".getBytes(StandardCharsets.UTF_8);
        KeyPatterns.inferInto(a, 0, a.length, out);
        KeyPatterns.inferInto(b, 0, b.length, out);
        assertThat(new String(out.bytes(), 0, out.length(), StandardCharsets.UTF_8)).isEqualTo("page*");
        // A key inside a larger buffer, ending where an 8-byte word load would overrun it.
        byte[] c = "xx:md5".getBytes(StandardCharsets.UTF_8);
        KeyPatterns.inferInto(c, 3, 3, out);
        assertThat(new String(out.bytes(), 0, out.length(), StandardCharsets.UTF_8)).isEqualTo("md5");
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
