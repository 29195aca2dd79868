package dev.stampededoctor.cli.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.detectors.db.DbSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFilesTest {
    @TempDir
    Path dir;

    @Test
    void bad_and_torn_lines_are_skipped_and_counted_and_unknown_fields_ignored() throws Exception {
        Path file = dir.resolve("pg-samples.jsonl");
        SampleFiles.write(file, List.of(new DbSample(1_795_000_000_000_000L, List.of(
                new DbSample.Row(42, 7L, "SELECT 1", 1_795_000_000_000_000L)))));
        String good = Files.readString(file).strip();
        Files.write(file, (good + "\n"
                + good.replace("{\"at\"", "{\"addedLater\":true,\"at\"") + "\n"
                + "not json\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(file, good.substring(0, good.length() / 2), java.nio.file.StandardOpenOption.APPEND);
        SampleFiles.Loaded loaded = SampleFiles.read(file);
        assertThat(loaded.samples()).hasSize(2);
        assertThat(loaded.samples().get(1).rows().get(0).pid()).isEqualTo(42);
        assertThat(loaded.badLines()).isEqualTo(3);
        assertThat(loaded.firstBadLine()).isEqualTo(3);
        assertThat(loaded.note(file)).isEqualTo("3 unreadable line(s) of " + file + " skipped (the first: line 3).");
    }

    @Test
    void a_null_row_spoils_its_line_and_a_row_without_query_text_is_still_read() throws Exception {
        Path file = dir.resolve("rows.jsonl");
        Files.writeString(file, "{\"at\": 1795000000000000, \"rows\": [null]}\n"
                + "{\"at\": 1795000000010000, \"rows\": [{\"pid\": 7, \"queryStart\": 1795000000000000}]}\n");
        SampleFiles.Loaded loaded = SampleFiles.read(file);
        assertThat(loaded.badLines()).isEqualTo(1);
        assertThat(loaded.samples()).hasSize(1);
        assertThat(loaded.samples().get(0).rows().get(0).query()).isEmpty();
    }

    @Test
    void a_file_without_any_sample_is_one_clear_error() throws Exception {
        Path file = dir.resolve("garbage.jsonl");
        Files.writeString(file, "garbage\nmore\n");
        assertThatThrownBy(() -> SampleFiles.read(file)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("no PostgreSQL sample in " + file).hasMessageNotContaining("dev.stampededoctor");
        assertThatThrownBy(() -> SampleFiles.read(dir.resolve("missing.jsonl"))).isInstanceOf(UsageException.class)
                .hasMessageEndingWith(": no such file");
    }
}
