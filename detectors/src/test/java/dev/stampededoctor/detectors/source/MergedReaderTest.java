package dev.stampededoctor.detectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampededoctor.detectors.monitor.MonitorLine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class MergedReaderTest {

    private record Text(String name, String node, Supplier<InputStream> in) implements MergedReader.Input {
        static Text of(String name, String node, String text) {
            return new Text(name, node, () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public InputStream open() {
            return in.get();
        }
    }

    /** What the merge handed on, in its order: "input:key" per command, and the events besides. */
    private static final class Recorder implements MergedReader.Listener {
        final List<String> commands = new ArrayList<>();
        final List<String> other = new ArrayList<>();
        final List<Long> stamps = new ArrayList<>();

        @Override
        public CommandSink sink(int input) {
            return new CommandSink() {
                @Override
                public void command(MonitorLine line) {
                    commands.add(input + ":" + new String(line.arg(1), StandardCharsets.UTF_8));
                    stamps.add(line.timestampMicros());
                    assertThat(line.input()).isEqualTo(input);
                    // The line is whole: the trigger's own line is quoted from it.
                    assertThat(new String(line.lineBuffer(), line.lineStart(), line.lineLength(), StandardCharsets.UTF_8))
                            .contains("\"" + new String(line.arg(1), StandardCharsets.UTF_8) + "\"");
                }

                @Override
                public void ignored() {
                    other.add(input + ":ignored");
                }

                @Override
                public void malformed(long lineNumber, String reason, byte[] buf, int start, int end) {
                    other.add(input + ":malformed line " + lineNumber);
                }
            };
        }

        @Override
        public void ended(int input, CaptureReader.Result result) {
            other.add(input + ":ended after " + result.lines() + " lines");
        }
    }

    private static String line(long micros, String key) {
        return String.format("%d.%06d [0 127.0.0.1:5000] \"GET\" \"%s\"%n", micros / 1_000_000, micros % 1_000_000, key);
    }

    private static Recorder merge(MergedReader.Input... inputs) throws IOException {
        Recorder r = new Recorder();
        new MergedReader(1 << 20, port -> port == 6379).read(List.of(inputs), 0, r);
        return r;
    }

    @Test
    void interleaves_the_nodes_lines_by_timestamp() throws IOException {
        Recorder r = merge(
                Text.of("a", "A", line(1_700_000_000_000_001L, "a1") + line(1_700_000_000_000_003L, "a3")
                        + line(1_700_000_000_000_005L, "a5")),
                Text.of("b", "B", line(1_700_000_000_000_002L, "b2") + line(1_700_000_000_000_004L, "b4")),
                Text.of("c", "C", line(1_700_000_000_000_000L, "c0") + line(1_700_000_000_000_006L, "c6")));
        assertThat(r.commands).containsExactly("2:c0", "0:a1", "1:b2", "0:a3", "1:b4", "0:a5", "2:c6");
        assertThat(r.stamps).isSorted();
    }

    @Test
    void equal_timestamps_keep_the_order_of_the_inputs() throws IOException {
        long t = 1_700_000_000_000_000L;
        Recorder r = merge(
                Text.of("a", "A", line(t, "a1") + line(t, "a2") + line(t + 1, "a3")),
                Text.of("b", "B", line(t, "b1") + line(t + 1, "b2")));
        assertThat(r.commands).containsExactly("0:a1", "0:a2", "1:b1", "0:a3", "1:b2");
        // The same whichever input is given first: the first input wins the tie.
        Recorder swapped = merge(
                Text.of("b", "B", line(t, "b1") + line(t + 1, "b2")),
                Text.of("a", "A", line(t, "a1") + line(t, "a2") + line(t + 1, "a3")));
        assertThat(swapped.commands).containsExactly("0:b1", "1:a1", "1:a2", "0:b2", "1:a3");
    }

    @Test
    void a_clock_stepping_back_within_a_node_keeps_that_nodes_order() throws IOException {
        long t = 1_700_000_000_000_000L;
        Recorder r = merge(
                Text.of("a", "A", line(t + 10, "a10") + line(t + 30, "a30") + line(t + 20, "a20") + line(t + 40, "a40")),
                Text.of("b", "B", line(t + 25, "b25") + line(t + 35, "b35")));
        // a20 stays after a30, where its node put it; b's lines go where their stamps say.
        assertThat(r.commands).containsExactly("0:a10", "1:b25", "0:a30", "0:a20", "1:b35", "0:a40");
    }

    @Test
    void an_empty_input_ends_and_the_others_go_on() throws IOException {
        long t = 1_700_000_000_000_000L;
        Recorder r = merge(Text.of("a", "A", ""), Text.of("b", "B", line(t, "b1") + line(t + 1, "b2")));
        assertThat(r.commands).containsExactly("1:b1", "1:b2");
        assertThat(r.other).contains("0:ended after 0 lines", "1:ended after 2 lines");
    }

    @Test
    void a_cut_last_line_is_malformed_and_the_lines_before_it_are_merged() throws IOException {
        long t = 1_700_000_000_000_000L;
        String cut = line(t + 5, "a5");
        Recorder r = merge(
                Text.of("a", "A", "OK\n" + line(t, "a0") + line(t + 2, "a2") + cut.substring(0, cut.length() - 3)),
                Text.of("b", "B", line(t + 1, "b1") + line(t + 3, "b3") + line(t + 9, "b9")));
        assertThat(r.commands).containsExactly("0:a0", "1:b1", "0:a2", "1:b3", "1:b9");
        assertThat(r.other).contains("0:ignored", "0:malformed line 4", "0:ended after 4 lines");
    }

    @Test
    void a_nodes_files_are_read_one_after_another_in_the_order_given() throws IOException {
        long t = 1_700_000_000_000_000L;
        Recorder r = merge(
                Text.of("a-1", "A", line(t, "a0") + line(t + 10, "a10")),
                Text.of("b", "B", line(t + 5, "b5") + line(t + 25, "b25")),
                Text.of("a-2", "A", line(t + 20, "a20") + line(t + 30, "a30")));
        assertThat(r.commands).containsExactly("0:a0", "1:b5", "0:a10", "2:a20", "1:b25", "2:a30");
        assertThat(MergedReader.nodes(List.of(Text.of("a-1", "A", ""), Text.of("b", "B", ""), Text.of("a-2", "A", ""))))
                .containsExactly(List.of(0, 2), List.of(1));
    }

    @Test
    void an_input_that_fails_is_named_and_the_merge_stops() {
        MergedReader.Input broken = new Text("b", "B", () -> new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        });
        assertThatThrownBy(() -> merge(Text.of("a", "A", line(1_700_000_000_000_000L, "a0")), broken))
                .isInstanceOf(MergedReader.InputException.class)
                .hasMessageContaining("disk on fire")
                .satisfies(e -> assertThat(((MergedReader.InputException) e).inputName()).isEqualTo("b"));
    }

    @Test
    void a_node_that_runs_ahead_waits_in_bounded_memory() throws Exception {
        // Node A has 100 MB of lines ready; node B gives nothing until released. Nothing can be
        // merged before B's first line, so A's reader must stop after a few batches.
        long lineBytes = line(1_700_000_000_000_000L, "k").length();
        long linesOfA = 100_000_000 / lineBytes;
        AtomicLong readOfA = new AtomicLong();
        CountDownLatch release = new CountDownLatch(1);
        MergedReader.Input a = new Text("a", "A", () -> new Generated(linesOfA, 1_700_000_000_000_000L, readOfA));
        MergedReader.Input b = new Text("b", "B", () -> new InputStream() {
            private final InputStream lines = new ByteArrayInputStream(
                    line(1_699_999_999_000_000L, "b-first").getBytes(StandardCharsets.UTF_8));

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return lines.read(buf, off, len);
            }
        });
        Recorder r = new Recorder();
        Thread merging = new Thread(() -> {
            try {
                new MergedReader(1 << 20, port -> false).read(List.of(a, b), 0, new MergedReader.Listener() {
                    @Override
                    public CommandSink sink(int input) {
                        return line -> {
                            if (r.commands.size() < 3) {
                                r.commands.add(input + ":" + new String(line.arg(1), StandardCharsets.UTF_8));
                            }
                        };
                    }

                    @Override
                    public void ended(int input, CaptureReader.Result result) {
                        r.other.add(input + ":" + result.lines());
                    }
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        merging.start();
        Thread.sleep(1_000);
        long readWhileWaiting = readOfA.get();
        assertThat(readWhileWaiting).isPositive().isLessThan(16L << 20);
        release.countDown();
        merging.join(TimeUnit.MINUTES.toMillis(2));
        assertThat(merging.isAlive()).isFalse();
        assertThat(r.commands).containsExactly("1:b-first", "0:k", "0:k");
        assertThat(r.other).containsExactlyInAnyOrder("0:" + linesOfA, "1:1");
    }

    /** {@code lines} MONITOR lines made as they are read, one microsecond apart. */
    private static final class Generated extends InputStream {
        private final long lines;
        private final AtomicLong read;
        private long made;
        private long at;
        private byte[] current = new byte[0];
        private int pos;

        Generated(long lines, long start, AtomicLong read) {
            this.lines = lines;
            this.at = start;
            this.read = read;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            int n = 0;
            while (n < len) {
                if (pos == current.length) {
                    if (made == lines) {
                        break;
                    }
                    current = line(at++, "k").getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                    made++;
                }
                int take = Math.min(len - n, current.length - pos);
                System.arraycopy(current, pos, buf, off + n, take);
                pos += take;
                n += take;
            }
            read.addAndGet(n);
            return n == 0 ? -1 : n;
        }
    }
}
