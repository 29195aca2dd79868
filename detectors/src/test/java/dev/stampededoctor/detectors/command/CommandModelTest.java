package dev.stampededoctor.detectors.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.monitor.LineVerdict;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.monitor.MonitorLineParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins what each command means to the cache. Lines are stamped at t = 1000 s, so relative TTLs
 * show up as 1000 s plus the TTL in the expected instants.
 */
class CommandModelTest {
    private static final long T = 1_000_000_000L; // 1000 s in microseconds

    private final MonitorLineParser parser = new MonitorLineParser();
    private final MonitorLine line = new MonitorLine();
    private final CommandModel model = new CommandModel();
    private final Recorder recorder = new Recorder();

    /** Records each effect as a compact string: {@code read k}, {@code fill k ALWAYS 1060000000}… */
    private static class Recorder implements CacheEffects {
        final List<String> effects = new ArrayList<>();
        final List<String> context = new ArrayList<>();

        private static String key(CacheCommand c, int arg) {
            return new String(c.line().arg(arg), StandardCharsets.UTF_8);
        }

        @Override
        public void command(CacheCommand c) {
            context.add(c.type() + " client=" + c.clientId() + " lua=" + c.fromScript() + " tx=" + c.transactionId());
        }

        @Override
        public void read(CacheCommand c, int k) {
            effects.add("read " + key(c, k));
        }

        @Override
        public void fill(CacheCommand c, int k, FillMode mode, long ttl) {
            effects.add("fill " + key(c, k) + " " + mode + " " + ttlText(ttl));
        }

        @Override
        public void ttl(CacheCommand c, int k, long ttl, ExpireCondition condition) {
            effects.add("ttl " + key(c, k) + " " + ttlText(ttl) + " " + condition);
        }

        @Override
        public void invalidate(CacheCommand c, int k, Invalidation cause) {
            effects.add("invalidate " + key(c, k) + " " + cause);
        }

        @Override
        public void flush(CacheCommand c, int db) {
            effects.add("flush " + db);
        }

        private static String ttlText(long ttl) {
            if (ttl == Ttl.PERSIST) {
                return "persist";
            } else if (ttl == Ttl.KEEP) {
                return "keep";
            } else if (ttl == Ttl.CARRIED) {
                return "carried";
            }
            return Long.toString(ttl);
        }
    }

    private List<String> apply(String args) {
        return applyFrom("127.0.0.1:5000", 0, args);
    }

    private List<String> applyFrom(String source, int db, String args) {
        recorder.effects.clear();
        byte[] b = ("1000.000000 [" + db + " " + source + "] " + args).getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(b, 0, b.length, line)).isEqualTo(LineVerdict.COMMAND);
        model.apply(line, recorder);
        return List.copyOf(recorder.effects);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"GET\" \"k\"                                  | read k",
        "\"get\" \"k\"                                  | read k",
        "\"HGET\" \"k\" \"f\"                           | read k",
        "\"HGETALL\" \"k\"                              | read k",
        "\"GETDEL\" \"k\"                               | read k; invalidate k GETDEL",
        "\"GETSET\" \"k\" \"v\"                         | read k; fill k ALWAYS persist",
        "\"GETEX\" \"k\"                                | read k",
        "\"GETEX\" \"k\" \"EX\" \"10\"                  | read k; ttl k 1010000000 ALWAYS",
        "\"GETEX\" \"k\" \"PERSIST\"                    | read k; ttl k persist ALWAYS",
        "\"SET\" \"k\" \"v\"                            | fill k ALWAYS persist",
        "\"SET\" \"k\" \"v\" \"EX\" \"60\"              | fill k ALWAYS 1060000000",
        "\"set\" \"k\" \"v\" \"px\" \"1500\"            | fill k ALWAYS 1001500000",
        "\"SET\" \"k\" \"v\" \"EXAT\" \"2000\"          | fill k ALWAYS 2000000000",
        "\"SET\" \"k\" \"v\" \"PXAT\" \"2000500\"       | fill k ALWAYS 2000500000",
        "\"SET\" \"k\" \"v\" \"KEEPTTL\"                | fill k ALWAYS keep",
        "\"SET\" \"lock:k\" \"1\" \"NX\" \"EX\" \"5\"   | fill lock:k IF_ABSENT 1005000000",
        "\"SET\" \"k\" \"v\" \"XX\"                     | fill k IF_PRESENT persist",
        "\"SET\" \"k\" \"v\" \"GET\"                    | read k; fill k ALWAYS persist",
        "\"SET\" \"k\" \"v\" \"EX\" \"0\"               | ",
        "\"SET\" \"k\" \"v\" \"EX\" \"ten\"             | ",
        "\"SET\" \"k\" \"v\" \"BOGUS\"                  | ",
        "\"SETEX\" \"k\" \"30\" \"v\"                   | fill k ALWAYS 1030000000",
        "\"PSETEX\" \"k\" \"250\" \"v\"                 | fill k ALWAYS 1000250000",
        "\"SETNX\" \"k\" \"v\"                          | fill k IF_ABSENT persist",
        "\"MSET\" \"a\" \"1\" \"b\" \"2\"               | fill a ALWAYS persist; fill b ALWAYS persist",
        "\"MSETNX\" \"a\" \"1\" \"b\" \"2\"             | fill a IF_ABSENT persist; fill b IF_ABSENT persist",
        "\"MSET\" \"a\" \"1\" \"b\"                     | ",
        "\"MGET\" \"a\" \"b\" \"c\"                     | read a; read b; read c",
        "\"HMGET\" \"h\" \"f1\" \"f2\"                  | read h",
        "\"EXISTS\" \"a\" \"b\"                         | read a; read b",
        "\"HSET\" \"h\" \"f\" \"v\" \"g\" \"w\"         | fill h FIELD keep",
        "\"HMSET\" \"h\" \"f\" \"v\"                    | fill h FIELD keep",
        "\"HSETNX\" \"h\" \"f\" \"v\"                   | fill h FIELD keep",
        "\"EXPIRE\" \"k\" \"60\"                        | ttl k 1060000000 ALWAYS",
        "\"EXPIRE\" \"k\" \"60\" \"NX\"                 | ttl k 1060000000 NX",
        "\"EXPIRE\" \"k\" \"60\" \"xx\"                 | ttl k 1060000000 XX",
        "\"PEXPIRE\" \"k\" \"500\" \"GT\"               | ttl k 1000500000 GT",
        "\"EXPIREAT\" \"k\" \"5000\" \"LT\"             | ttl k 5000000000 LT",
        "\"PEXPIREAT\" \"k\" \"5000000\"                | ttl k 5000000000 ALWAYS",
        "\"EXPIRE\" \"k\" \"0\"                         | invalidate k EXPIRE_PAST",
        "\"EXPIRE\" \"k\" \"-1\"                        | invalidate k EXPIRE_PAST",
        "\"PEXPIRE\" \"k\" \"0\"                        | invalidate k EXPIRE_PAST",
        "\"EXPIREAT\" \"k\" \"999\"                     | invalidate k EXPIRE_PAST",
        "\"PEXPIREAT\" \"k\" \"1\"                      | invalidate k EXPIRE_PAST",
        "\"EXPIRE\" \"k\" \"60\" \"SOON\"               | ",
        "\"PERSIST\" \"k\"                              | ttl k persist ALWAYS",
        "\"DEL\" \"a\" \"b\"                            | invalidate a DEL; invalidate b DEL",
        "\"UNLINK\" \"a\"                               | invalidate a UNLINK",
        "\"RENAME\" \"a\" \"b\"                         | invalidate a RENAME_AWAY; fill b ALWAYS carried",
        "\"RENAMENX\" \"a\" \"b\"                       | invalidate a RENAME_AWAY; fill b IF_ABSENT carried",
        "\"FLUSHALL\"                                   | flush -1",
        "\"PING\"                                       | ",
        "\"SELECT\" \"3\"                               | ",
    })
    void models_each_command(String args, String expected) {
        List<String> want = expected == null ? List.of() : List.of(expected.split("; "));
        assertThat(apply(args.strip())).containsExactlyElementsOf(want);
    }

    @Test
    void flushdb_flushes_the_line_db() {
        assertThat(applyFrom("127.0.0.1:5000", 7, "\"FLUSHDB\"")).containsExactly("flush 7");
    }

    @Test
    void huge_ttls_do_not_overflow_into_the_past() {
        assertThat(apply("\"SET\" \"k\" \"v\" \"EX\" \"9223372036854775807\"")).singleElement()
                .satisfies(e -> assertThat(Long.parseLong(e.split(" ")[3])).isGreaterThan(T));
    }

    @Test
    void lua_lines_belong_to_the_client_that_ran_the_script() {
        applyFrom("10.0.0.1:1111", 0, "\"GET\" \"x\"");
        applyFrom("10.0.0.2:2222", 0, "\"EVAL\" \"redis.call('del', KEYS[1])\" \"1\" \"k\"");
        applyFrom("lua", 0, "\"del\" \"k\"");
        List<String> ctx = recorder.context;
        assertThat(ctx.get(1)).startsWith("EVAL client=3 lua=false");
        assertThat(ctx.get(2)).isEqualTo("DEL client=3 lua=true tx=0");
        assertThat(model.clients().bytes(3)).isEqualTo("10.0.0.2:2222".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void commands_between_multi_and_exec_share_a_transaction_of_their_client() {
        applyFrom("10.0.0.1:1", 0, "\"MULTI\"");
        applyFrom("10.0.0.1:1", 0, "\"DEL\" \"k\"");
        applyFrom("10.0.0.9:9", 0, "\"GET\" \"k\"");
        applyFrom("10.0.0.1:1", 0, "\"SET\" \"k\" \"v\"");
        applyFrom("10.0.0.1:1", 0, "\"EXEC\"");
        applyFrom("10.0.0.1:1", 0, "\"GET\" \"k\"");
        List<String> ctx = recorder.context;
        assertThat(ctx.get(1)).endsWith("tx=1");
        assertThat(ctx.get(2)).endsWith("tx=0");
        assertThat(ctx.get(3)).endsWith("tx=1");
        assertThat(ctx.get(5)).endsWith("tx=0");
    }

    @Test
    void discard_ends_the_transaction() {
        applyFrom("10.0.0.1:1", 0, "\"MULTI\"");
        applyFrom("10.0.0.1:1", 0, "\"DISCARD\"");
        applyFrom("10.0.0.1:1", 0, "\"DEL\" \"k\"");
        assertThat(recorder.context.get(2)).endsWith("tx=0");
    }

    @Test
    void keys_are_bytes() {
        List<String> keysRead = new ArrayList<>();
        CacheEffects sink = new Recorder() {
            @Override
            public void read(CacheCommand c, int k) {
                keysRead.add(java.util.HexFormat.of().formatHex(c.line().arg(k)));
            }
        };
        byte[] b = "1.0 [0 lua] \"GET\" \"\\xff\\x00a\"".getBytes(StandardCharsets.US_ASCII);
        assertThat(parser.parse(b, 0, b.length, line)).isEqualTo(LineVerdict.COMMAND);
        model.apply(line, sink);
        assertThat(keysRead).containsExactly("ff0061");
    }
}
