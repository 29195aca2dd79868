package dev.stampededoctor.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureInputTest {
    private static final String CAPTURE = "OK\n1795461941.500000 [0 127.0.0.1:1] \"GET\" \"k\"\n";

    @TempDir
    Path dir;

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private CaptureInput file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return CaptureInput.of(f.toString());
    }

    @Test
    void a_gzip_without_its_trailer_gives_its_lines_and_says_why_in_words() throws IOException {
        byte[] whole = gzip(CAPTURE);
        CaptureInput input = file("no-trailer.gz", Arrays.copyOf(whole, whole.length - 8));
        try (InputStream in = input.open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(CAPTURE);
        }
        assertThat(input.endedEarly()).isEqualTo("the gzip stream is cut short or damaged (it ends inside a block or"
                + " before its trailer)").doesNotContain("Exception");
    }

    @Test
    void a_file_that_is_only_the_gzip_magic_is_one_clear_error() throws IOException {
        CaptureInput input = file("magic.gz", new byte[] {0x1f, (byte) 0x8b});
        assertThatThrownBy(input::open).isInstanceOf(IOException.class)
                .hasMessage("it starts as gzip but ends inside the gzip header");
    }
}
