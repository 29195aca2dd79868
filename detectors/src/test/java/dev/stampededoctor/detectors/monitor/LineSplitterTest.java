package dev.stampededoctor.detectors.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Long> tooLong = new ArrayList<>();
    private int largestBuffer;
    private final LineSplitter.Handler handler = new LineSplitter.Handler() {
        @Override
        public void line(byte[] buf, int start, int end, long lineNumber) {
            largestBuffer = Math.max(largestBuffer, buf.length);
            lines.add(lineNumber + ":" + new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void tooLong(byte[] buf, int start, int end, long lineNumber) {
            largestBuffer = Math.max(largestBuffer, buf.length);
            tooLong.add(lineNumber);
        }
    };

    @Test
    void splits_on_lf_and_keeps_a_final_line_without_newline() throws IOException {
        long n = new LineSplitter(1024).split(stream("a\nbb\r\n\nccc"), handler);
        assertThat(n).isEqualTo(4);
        assertThat(lines).containsExactly("1:a", "2:bb\r", "3:", "4:ccc");
    }

    @Test
    void finds_every_newline_whatever_its_position_in_a_word() throws IOException {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int len = 0; len < 40; len++) {
            String line = "y".repeat(len);
            text.append(line).append('\n');
            expected.add((len + 1) + ":" + line);
        }
        new LineSplitter(1024).split(stream(text.toString()), handler);
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    @Test
    void skips_a_line_over_the_limit_and_carries_on() throws IOException {
        String huge = "x".repeat(5000);
        long n = new LineSplitter(1024).split(stream("first\n" + huge + "\nlast\n"), handler);
        assertThat(n).isEqualTo(3);
        assertThat(lines).containsExactly("1:first", "3:last");
        assertThat(tooLong).containsExactly(2L);
    }

    @Test
    void a_100_megabyte_line_does_not_need_100_megabytes() throws IOException {
        long size = 100L << 20;
        InputStream endless = new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
        long n = new LineSplitter(4 << 20).split(endless, handler);
        assertThat(n).isEqualTo(1);
        assertThat(tooLong).containsExactly(1L);
        assertThat(lines).isEmpty();
        // The splitter's buffer is bounded by the limit plus one 1 MiB chunk, far below the line.
        assertThat(largestBuffer).isLessThanOrEqualTo((4 << 20) + (1 << 20));
    }

    @Test
    void handles_lines_that_straddle_read_boundaries() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            sb.append("line-").append(i).append('\n');
        }
        InputStream trickle = new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        long n = new LineSplitter(64).split(trickle, handler);
        assertThat(n).isEqualTo(50_000);
        assertThat(lines.get(49_999)).isEqualTo("50000:line-49999");
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {64, 1000, 65536, 1 << 20, 2 << 20, 3 << 20, 4 << 20})
    void a_line_of_exactly_the_limit_is_accepted_and_one_byte_more_is_not(int limit) throws java.io.IOException {
        for (int extra : new int[] {0, 1}) {
            byte[] line = new byte[limit + extra];
            java.util.Arrays.fill(line, (byte) 'a');
            java.io.ByteArrayOutputStream input = new java.io.ByteArrayOutputStream();
            input.write(line);
            input.write('\n');
            input.write("next\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.util.List<Integer> accepted = new java.util.ArrayList<>();
            int[] tooLong = {0};
            new LineSplitter(limit).split(new java.io.ByteArrayInputStream(input.toByteArray()), new LineSplitter.Handler() {
                @Override
                public void line(byte[] buf, int start, int end, long lineNumber) {
                    accepted.add(end - start);
                }

                @Override
                public void tooLong(byte[] buf, int start, int end, long lineNumber) {
                    tooLong[0]++;
                }
            });
            if (extra == 0) {
                org.assertj.core.api.Assertions.assertThat(accepted).as("limit %d", limit).containsExactly(limit, 4);
                org.assertj.core.api.Assertions.assertThat(tooLong[0]).isZero();
            } else {
                org.assertj.core.api.Assertions.assertThat(accepted).as("limit %d + 1", limit).containsExactly(4);
                org.assertj.core.api.Assertions.assertThat(tooLong[0]).isEqualTo(1);
            }
        }
    }
}
