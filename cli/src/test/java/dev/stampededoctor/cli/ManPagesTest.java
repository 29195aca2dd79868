package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.manpage.ManPage;
import dev.stampededoctor.cli.manpage.ManPages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

class ManPagesTest {

    private static CommandSpec root() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return Main.commandLine(sink, sink).getCommandSpec();
    }

    @Test
    void every_command_has_a_pinned_page() {
        for (CommandSpec spec : ManPages.commands(root())) {
            Golden.assertMatches("man-" + ManPage.name(spec) + ".1", ManPage.render(spec, "0.0.0-golden", "2026-01-01"));
        }
    }

    @Test
    void the_build_step_writes_one_page_per_command(@TempDir Path dir) throws Exception {
        ManPages.main(dir.toString(), "1.0.0", "2026-11-23T00:00:00Z");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("stampede-doctor.1", "stampede-doctor-analyze.1", "stampede-doctor-completion.1",
                            "stampede-doctor-simulate.1", "stampede-doctor-drill.1",
                            "stampede-doctor-ttl-audit.1", "stampede-doctor-scan.1", "stampede-doctor-watch.1", "stampede-doctor-check.1", "stampede-doctor-jitter.1", "stampede-doctor-jitter-plan.1",
                            "stampede-doctor-jitter-apply.1", "stampede-doctor-jitter-undo.1", "stampede-doctor-exporter.1");
        }
        assertThat(dir.resolve("stampede-doctor-analyze.1")).content()
                .contains("\"stampede\\-doctor 1.0.0\"", "\"2026\\-11\\-23\"", ".SH EXIT STATUS");
    }
}
