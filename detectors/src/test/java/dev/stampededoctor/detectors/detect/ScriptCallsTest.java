package dev.stampededoctor.detectors.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.command.CacheCommand;
import dev.stampededoctor.detectors.command.CommandModel;
import dev.stampededoctor.detectors.command.CacheEffects;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.monitor.MonitorLineParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScriptCallsTest {
    private final ScriptCalls calls = new ScriptCalls();
    private final CommandModel model = new CommandModel();

    private final MonitorLineParser parser = new MonitorLineParser();
    private final MonitorLine line = new MonitorLine();

    private void line(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        parser.parse(b, 0, b.length, line);
        CacheCommand cmd = model.apply(line, NOTHING);
        calls.record(cmd, line);
    }

    @Test
    void the_call_before_a_miss_is_found_among_many_after_it() {
        line("1700000000.000000 [0 10.0.0.1:5000] \"EVALSHA\" \"abc\" \"1\" \"page:1\" \"x\"");
        for (int i = 1; i <= 20; i++) {
            line(String.format("1700000%03d.000000 [0 10.0.0.2:5001] \"EVAL\" \"return 1\" \"2\" \"other\" \"page:1\"", i));
        }
        ScriptCalls.Call c = calls.before(0, "page:1", 1_700_000_000_500_000L, i -> true);
        assertThat(c).isNotNull();
        assertThat(c.command()).isEqualTo("EVALSHA");
        assertThat(calls.before(0, "x", Long.MAX_VALUE, i -> true)).as("an ARGV, no key").isNull();
        assertThat(calls.before(1, "page:1", Long.MAX_VALUE, i -> true)).as("another db").isNull();
        assertThat(calls.before(0, "page:1", Long.MAX_VALUE, i -> false)).as("no input hides scripts").isNull();
    }

    private static final CacheEffects NOTHING = new CacheEffects() {
        @Override
        public void read(CacheCommand cmd, int keyArg) {
        }

        @Override
        public void fill(CacheCommand cmd, int keyArg, dev.stampededoctor.detectors.command.FillMode mode, long ttl) {
        }

        @Override
        public void ttl(CacheCommand cmd, int keyArg, long ttl, dev.stampededoctor.detectors.command.ExpireCondition c) {
        }

        @Override
        public void invalidate(CacheCommand cmd, int keyArg, dev.stampededoctor.detectors.command.Invalidation cause) {
        }

        @Override
        public void flush(CacheCommand cmd, int db) {
        }
    };
}
