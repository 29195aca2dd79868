package dev.stampededoctor.detectors.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.pcap.TcpFlow;
import dev.stampededoctor.detectors.source.CommandSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Commands emitted on a thread of their own ({@link CommandHandOff}) reach the sink exactly as
 * when emitted on the reading thread: the same lines, replies, line numbers and order, all of
 * them by the time {@code finish} returns; and what the sink throws reaches the reading thread.
 */
class CommandHandOffTest {

    /** What the sink saw, one string per command, and on which threads. */
    private static final class Recorder implements CommandSink {
        final List<String> seen = new ArrayList<>();
        final java.util.Set<String> threads = new java.util.HashSet<>();

        @Override
        public void command(MonitorLine line) {
            threads.add(Thread.currentThread().getName());
            StringBuilder s = new StringBuilder(new String(line.lineBuffer(), line.lineStart(), line.lineLength(),
                    StandardCharsets.ISO_8859_1));
            s.append(" #").append(line.lineNumber()).append(" in ").append(line.input());
            if (line.hasReply()) {
                s.append(" after ").append(line.replyLatencyMicros()).append(" µs:");
                for (int i = 1; i < line.argCount(); i++) {
                    s.append(' ').append(ReplyKind.of(line.reply(i)));
                }
            }
            seen.add(s.toString());
        }
    }

    /** Forty connections of pipelined GET, SET, DEL, MGET and BLPOP, some replies lost, fed in random slices. */
    private static void traffic(RespCommandStream stream, long seed) {
        Random random = new Random(seed);
        List<TcpFlow> flows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            TcpFlow f = new TcpFlow(i, "10.0.0." + (1 + i % 7) + ":" + (40000 + i), "10.0.0.9:6379", 6379);
            f.handshakeSeen(true);
            flows.add(f);
            stream.opened(f, 1);
        }
        long now = 1_700_000_000_000_000L;
        for (int round = 0; round < 6000; round++) {
            TcpFlow f = flows.get(random.nextInt(flows.size()));
            int pipelined = 1 + random.nextInt(3);
            StringBuilder request = new StringBuilder();
            StringBuilder reply = new StringBuilder();
            for (int p = 0; p < pipelined; p++) {
                String key = "user:" + random.nextInt(500) + (random.nextInt(50) == 0 ? "\n\"odd\\" : "");
                switch (random.nextInt(5)) {
                    case 0 -> {
                        request.append(resp("GET", key));
                        reply.append(random.nextBoolean() ? "$-1\r\n" : "$2\r\nok\r\n");
                    }
                    case 1 -> {
                        request.append(resp("SET", key, "v" + round, "EX", "60"));
                        reply.append("+OK\r\n");
                    }
                    case 2 -> {
                        request.append(resp("DEL", key));
                        reply.append(":1\r\n");
                    }
                    case 3 -> {
                        request.append(resp("MGET", key, key + "x"));
                        reply.append("*2\r\n$-1\r\n$1\r\nv\r\n");
                    }
                    default -> {
                        request.append(resp("BLPOP", "queue", "1"));
                        reply.append("*-1\r\n");
                    }
                }
            }
            now += 1 + random.nextInt(200);
            feed(stream, f, true, now, request.toString(), random);
            if (random.nextInt(40) != 0) { // now and then a reply the capture lost
                now += 1 + random.nextInt(300);
                feed(stream, f, false, now, reply.toString(), random);
            } else {
                stream.gap(f, false, now, reply.length());
            }
        }
        stream.closed(flows.get(0), now + 1);
        stream.finish();
    }

    private static void feed(RespCommandStream stream, TcpFlow f, boolean toServer, long at, String text, Random random) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        int off = 0;
        while (off < b.length) {
            int n = Math.min(b.length - off, 1 + random.nextInt(64));
            stream.data(f, toServer, at, b, off, n);
            off += n;
        }
    }

    private static String resp(String... args) {
        StringBuilder s = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            s.append('$').append(a.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(a).append("\r\n");
        }
        return s.toString();
    }

    @Test
    void the_sink_sees_the_same_commands_in_the_same_order_on_either_thread() {
        for (long seed = 1; seed <= 3; seed++) {
            Recorder here = new Recorder();
            RespCommandStream direct = new RespCommandStream(here, 2, false);
            traffic(direct, seed);
            Recorder there = new Recorder();
            RespCommandStream handedOff = new RespCommandStream(there, 2, true);
            traffic(handedOff, seed);

            assertThat(here.seen).hasSizeGreaterThan(10_000); // many batches
            assertThat(there.seen).isEqualTo(here.seen);
            assertThat(handedOff.counts().replied()).isEqualTo(direct.counts().replied());
            assertThat(handedOff.counts().requests()).isEqualTo(direct.counts().requests());
            assertThat(here.threads).containsExactly(Thread.currentThread().getName());
            assertThat(there.threads).containsExactly("packet-commands");
        }
    }

    @Test
    void what_the_sink_throws_reaches_the_reading_thread() {
        class EngineFailure extends RuntimeException {
            EngineFailure() {
                super("the engine gave up");
            }
        }
        int[] calls = {0};
        CommandSink failing = line -> {
            if (++calls[0] == 700) {
                throw new EngineFailure();
            }
        };
        RespCommandStream stream = new RespCommandStream(failing, 0, true);
        assertThatThrownBy(() -> traffic(stream, 7)).isInstanceOf(EngineFailure.class).hasMessage("the engine gave up");
        assertThat(calls[0]).isEqualTo(700);
    }

    @Test
    void an_error_of_the_sink_such_as_running_out_of_memory_is_thrown_as_it_was() {
        CommandSink failing = line -> {
            throw new OutOfMemoryError("Java heap space");
        };
        RespCommandStream stream = new RespCommandStream(failing, 0, true);
        assertThatThrownBy(() -> traffic(stream, 8)).isInstanceOf(OutOfMemoryError.class);
    }
}
