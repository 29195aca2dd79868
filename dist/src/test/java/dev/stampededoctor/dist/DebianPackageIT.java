package dev.stampededoctor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The .deb the build makes, installed with dpkg as a user would (CI runs as root), used through
 * /usr/bin, its man pages and completions where Debian keeps them, and removed without a trace.
 */
class DebianPackageIT {
    private static final Path DEB_DIR = Path.of(System.getProperty("deb.dir"));
    private static final String EXAMPLE = System.getProperty("example.capture");
    private static final List<String> FILES = List.of("/usr/bin/stampede-doctor",
            "/usr/share/stampede-doctor/bin/stampede-doctor", "/usr/share/man/man1/stampede-doctor-scan.1.gz",
            "/usr/share/bash-completion/completions/stampede-doctor", "/usr/share/zsh/vendor-completions/_stampede-doctor",
            "/usr/share/fish/vendor_completions.d/stampede-doctor.fish", "/usr/share/doc/stampede-doctor/copyright");

    private record Run(int code, String out) {
    }

    private static Run run(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static Path deb() throws IOException {
        try (var files = Files.list(DEB_DIR)) {
            return files.filter(f -> f.getFileName().toString().matches("stampede-doctor_.*_all\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no stampede-doctor_*_all.deb in " + DEB_DIR));
        }
    }

    @Test
    void installs_with_dpkg_runs_from_usr_bin_and_removes_cleanly() throws Exception {
        assertThat(run("id", "-u").out().strip()).as("installing a .deb needs root (CI runs as root)").isEqualTo("0");
        Path deb = deb();
        assertThat(deb.getFileName().toString()).isEqualTo("stampede-doctor_0.1.0~SNAPSHOT_all.deb");
        Run info = run("dpkg-deb", "--field", deb.toString(), "Package", "Architecture", "Depends");
        assertThat(info.out()).contains("Package: stampede-doctor", "Architecture: all", "java17-runtime-headless");
        try {
            Run install = run("dpkg", "-i", deb.toString());
            assertThat(install.code()).as(install.out()).isZero();
            for (String f : FILES) {
                assertThat(Path.of(f)).as(f).exists();
            }
            Run version = run("/usr/bin/stampede-doctor", "--version");
            assertThat(version.code()).as(version.out()).isZero();
            assertThat(version.out()).contains("0.1.0");
            assertThat(run("man", "-w", "stampede-doctor").out().strip())
                    .isEqualTo("/usr/share/man/man1/stampede-doctor.1.gz");
            assertThat(run("man", "-w", "stampede-doctor-scan").out().strip())
                    .isEqualTo("/usr/share/man/man1/stampede-doctor-scan.1.gz");
            Run analyze = run("/usr/bin/stampede-doctor", "analyze", "-f", "json", EXAMPLE);
            assertThat(analyze.code()).as(analyze.out()).isEqualTo(1); // the example's stampede
            assertThat(analyze.out()).contains("\"invalidation-stampede\"");
        } finally {
            run("dpkg", "-r", "stampede-doctor");
        }
        assertThat(run("dpkg", "-s", "stampede-doctor").code()).as("no longer installed").isNotZero();
        for (String f : FILES) {
            assertThat(Path.of(f)).as(f).doesNotExist();
        }
        assertThat(Path.of("/usr/share/stampede-doctor")).doesNotExist();
    }
}
