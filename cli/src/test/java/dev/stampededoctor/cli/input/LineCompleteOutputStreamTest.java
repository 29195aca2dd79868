package dev.stampededoctor.cli.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineCompleteOutputStreamTest {
    @Test
    void a_full_buffer_writes_whole_lines_only_and_flush_writes_the_rest() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        LineCompleteOutputStream out = new LineCompleteOutputStream(file, 16);
        out.write("one\ntwo\nthree and".getBytes(StandardCharsets.UTF_8)); // 17 bytes: one more than the buffer
        assertThat(file.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
        out.write(" more\n".getBytes(StandardCharsets.UTF_8));
        assertThat(file.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
        out.flush();
        assertThat(file.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree and more\n");
        out.write("a line longer than the buffer\n".getBytes(StandardCharsets.UTF_8));
        out.close();
        assertThat(file.toString(StandardCharsets.UTF_8)).endsWith("three and more\na line longer than the buffer\n");
    }
}
