package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.servers.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/** Seeding and reading keyspaces for the ttl-audit and jitter ITs. */
final class KeyspaceFixtures {
    private KeyspaceFixtures() {
    }

    /** Random lower-case letters: a key prefix that pattern inference keeps literal. */
    static String letters() {
        Random random = new Random();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    /** Writes each key with {@code SET key v} plus {@code PX ttl(i)} when that is positive, pipelined. */
    static void seed(RespClient c, List<String> keys, IntFunction<Long> ttlMillis) throws IOException {
        for (int i = 0; i < keys.size(); i++) {
            long ttl = ttlMillis.apply(i);
            if (ttl > 0) {
                c.send(bytes("SET"), bytes(keys.get(i)), bytes("v"), bytes("PX"), bytes(String.valueOf(ttl)));
            } else {
                c.send(bytes("SET"), bytes(keys.get(i)), bytes("v"));
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            assertThat(c.readReply()).isEqualTo("OK");
        }
    }

    /** PTTL of each key, pipelined. */
    static long[] pttls(RespClient c, List<String> keys) throws IOException {
        for (String k : keys) {
            c.send(bytes("PTTL"), bytes(k));
        }
        long[] out = new long[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            out[i] = (Long) c.readReply();
        }
        return out;
    }

    static List<String> keys(String format, int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(String.format(format, i));
        }
        return keys;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
