package dev.stampededoctor.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.redis.LiveSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The time-ordered merge of several nodes' live streams, on streams fed by the test. */
class MergedLinesTest {

    @Test
    void hands_lines_on_in_timestamp_order_with_one_header_and_the_node_of_each() throws Exception {
        FedSource a = new FedSource();
        FedSource b = new FedSource();
        a.feed("OK\n+1700000000.000100 [0 1.1.1.1:1] \"GET\" \"a1\"\n+1700000000.000300 [0 1.1.1.1:1] \"GET\" \"a2\"\n");
        b.feed("OK\n+1700000000.000200 [0 1.1.1.1:1] \"GET\" \"b1\"\n+1700000000.000400 [0 1.1.1.1:1] \"GET\" \"b2\"\n");
        a.end();
        b.end();
        MergedLines merged = new MergedLines(List.of(a, b));
        List<String> lines = new ArrayList<>();
        List<Integer> nodes = new ArrayList<>();
        readLines(merged, lines, nodes);
        List<Integer> claimed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            claimed.add(merged.nodeOfNextLine());
        }
        assertThat(claimed).as("asked line by line after reading ahead").isEqualTo(nodes);
        assertThat(lines).containsExactly("OK", "+1700000000.000100 [0 1.1.1.1:1] \"GET\" \"a1\"",
                "+1700000000.000200 [0 1.1.1.1:1] \"GET\" \"b1\"", "+1700000000.000300 [0 1.1.1.1:1] \"GET\" \"a2\"",
                "+1700000000.000400 [0 1.1.1.1:1] \"GET\" \"b2\"");
        assertThat(nodes).containsExactly(0, 0, 1, 0, 1);
        assertThat(merged.stopReason()).isEqualTo("duration");
        assertThat(merged.lostNode()).isEqualTo(-1);
    }

    @Test
    void a_quiet_node_holds_the_others_back_a_quarter_second_at_most() throws Exception {
        FedSource busy = new FedSource();
        FedSource quiet = new FedSource();
        MergedLines merged = new MergedLines(List.of(busy, quiet));
        busy.feed("OK\n+1700000000.000100 [0 1.1.1.1:1] \"GET\" \"k\"\n");
        quiet.feed("OK\n");
        long start = System.nanoTime();
        byte[] buf = new byte[256];
        StringBuilder got = new StringBuilder();
        while (!got.toString().contains("\"k\"")) {
            int n = merged.read(buf, 0, buf.length);
            assertThat(n).isPositive();
            got.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
        }
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(waitedMs).isBetween(200L, 2_000L);
        busy.end();
        quiet.end();
        assertThat(merged.read(buf, 0, buf.length)).isEqualTo(-1);
    }

    @Test
    void a_node_that_stops_on_its_own_ends_every_stream_and_is_named() throws Exception {
        FedSource a = new FedSource();
        FedSource b = new FedSource();
        MergedLines merged = new MergedLines(List.of(a, b));
        a.feed("OK\n+1700000000.000100 [0 1.1.1.1:1] \"GET\" \"k\"\n");
        b.feed("OK\n");
        b.stop("connection-lost");
        b.end();
        List<String> lines = new ArrayList<>();
        readLines(merged, lines, new ArrayList<>());
        assertThat(merged.stopReason()).isEqualTo("connection-lost");
        assertThat(merged.lostNode()).isEqualTo(1);
        assertThat(a.stopReason()).as("the others are stopped too").isEqualTo("connection-lost");
        assertThat(lines).contains("+1700000000.000100 [0 1.1.1.1:1] \"GET\" \"k\"");
    }

    @Test
    void timestamps_are_read_with_or_without_the_reply_plus() {
        assertThat(MergedLines.timestamp("+1700000000.123456 [0 x]".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(1_700_000_000_123_456L);
        assertThat(MergedLines.timestamp("1700000000.5 [0 x]".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(1_700_000_000_500_000L);
        assertThat(MergedLines.timestamp("OK".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(MergedLines.timestamp("# stampede-doctor keyspace events".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(-1);
    }

    private static void readLines(MergedLines merged, List<String> lines, List<Integer> nodes) throws IOException {
        byte[] buf = new byte[7]; // smaller than a line: the merge hands a line on in parts
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int n;
        while ((n = merged.read(buf, 0, buf.length)) >= 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    lines.add(line.toString(StandardCharsets.US_ASCII));
                    nodes.add(merged.nodeOfLastLine());
                    line.reset();
                } else {
                    line.write(buf[i]);
                }
            }
        }
    }

    /** A live stream the test writes into; it ends when told. */
    private static final class FedSource extends LiveSource {
        private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private static final byte[] END = new byte[0];
        private byte[] current = new byte[0];
        private int at;
        private long bytes;

        void feed(String text) {
            chunks.add(text.getBytes(StandardCharsets.US_ASCII));
        }

        void end() {
            chunks.add(END);
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (at == current.length) {
                if (current == END) {
                    return -1;
                }
                try {
                    byte[] next = chunks.poll(100, TimeUnit.MILLISECONDS);
                    if (next == null) {
                        if (stopRequested()) {
                            return -1;
                        }
                        continue;
                    }
                    current = next;
                    at = 0;
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            bytes += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
