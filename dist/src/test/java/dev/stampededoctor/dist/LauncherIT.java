package dev.stampededoctor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/stampede-doctor} from the unpacked distribution, the path other tooling calls,
 * the way users do: directly, through a symlink, with {@code JAVA_OPTS}, and with a
 * {@code JAVA_HOME} that is wrong. {@link ArchivesIT} checks what the tree and archives hold.
 */
class LauncherIT {
    private static final Path APP_HOME = Path.of(System.getProperty("app.home"));
    private static final Path LAUNCHER = APP_HOME.resolve("bin/stampede-doctor");
    private static final String EXAMPLE = System.getProperty("example.capture");

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(Path launcher, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher finished within 60 s").isTrue();
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The launcher run by sh with {@code redirections} after it (the launcher is $0, {@code args} $1…). */
    private static Run shell(String redirections, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$0\" \"$@\" " + redirections, LAUNCHER.toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("launcher", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile());
            pb.environment().remove("JAVA_OPTS");
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher finished within 60 s").isTrue();
            return new Run(p.exitValue(), "", Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Test
    void a_closed_stdin_reads_as_empty_instead_of_crashing_the_jvm() throws Exception {
        Run r = shell("<&-", "analyze", "--format", "json", "-");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("stampede-doctor: no MONITOR line found in -").hasLineCount(1);
    }

    @Test
    void a_report_lost_to_a_full_disk_is_exit_2_with_one_line() throws Exception {
        Run r = shell(">/dev/full", "analyze", EXAMPLE);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("stampede-doctor: could not write to stdout (a full disk?)\n");
    }

    @Test
    void prints_the_version_and_the_commit() throws Exception {
        Run r = run(LAUNCHER, Map.of(), "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("stampede-doctor ").contains("(commit ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void prints_help_with_the_exit_codes() throws Exception {
        Run r = run(LAUNCHER, Map.of(), "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("analyze").contains("Exit codes:");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void analyzes_the_bundled_example_to_json_on_stdout_only() throws Exception {
        Run r = run(LAUNCHER, Map.of(), "analyze", "--format", "json", EXAMPLE);
        assertThat(r.exitCode()).isIn(0, 1);
        assertThat(r.out()).startsWith("{").contains("\"reportVersion\"").endsWith("}\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void the_shipped_completion_scripts_are_what_the_completion_command_prints() throws Exception {
        Map<String, String> files = Map.of("bash", "stampede-doctor.bash", "zsh", "_stampede-doctor",
                "fish", "stampede-doctor.fish");
        for (Map.Entry<String, String> shell : files.entrySet()) {
            Path shipped = APP_HOME.resolve("completions").resolve(shell.getValue());
            assertThat(shipped).as("completions/%s", shell.getValue()).isRegularFile();
            Run r = run(LAUNCHER, Map.of(), "completion", shell.getKey());
            assertThat(r.exitCode()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).as("completion %s", shell.getKey()).isEqualTo(Files.readString(shipped, StandardCharsets.UTF_8));
        }
    }

    @Test
    void works_through_a_symlink_and_honours_java_opts(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("sd"), LAUNCHER);
        // A GC in JAVA_OPTS replaces the launcher's own choice (two collectors would be refused).
        Run r = run(link, Map.of("JAVA_OPTS", "-XX:+UseParallelGC -Dstampede.probe=1"), "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("stampede-doctor ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void a_bad_java_home_is_one_line_and_exit_2() throws Exception {
        Run r = run(LAUNCHER, Map.of("JAVA_HOME", "/nonexistent/jdk"), "--version");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).contains("JAVA_HOME").doesNotContain("\n");
    }

    /**
     * The build's training run went through these paths, so each takes every class of ours, of
     * picocli and of Jackson from the archive: one that came from a jar would mean a path the
     * training misses (and about 20 µs more per class at every start).
     */
    @Test
    void the_class_data_archive_holds_every_class_analyze_and_simulate_load(@TempDir Path dir) throws Exception {
        Path examples = Path.of(EXAMPLE).getParent();
        List<List<String>> runs = List.of(
                List.of("analyze", "-f", "json", EXAMPLE),
                List.of("analyze", "-f", "text", EXAMPLE),
                List.of("analyze", "-f", "json", examples.resolve("invalidation-stampede.pcap").toString()),
                List.of("analyze", "-f", "json", "--redis-port", "6379",
                        examples.resolve("invalidation-stampede.pcap").toString()),
                List.of("simulate", "-f", "json", EXAMPLE),
                List.of("--version"));
        for (List<String> args : runs) {
            Path log = dir.resolve("classes.log");
            Run r = run(LAUNCHER, Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + log), args.toArray(String[]::new));
            assertThat(r.exitCode()).as("%s: %s", args, r.err()).isIn(0, 1);
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).as("%s", args).anyMatch(l -> l.contains("dev.stampededoctor.cli.Main source: shared objects file"));
            assertThat(lines).as("%s: classes of ours from outside the archive", args)
                    .filteredOn(l -> !l.contains("source: shared objects file"))
                    .noneMatch(l -> l.contains(" dev.stampededoctor.") || l.contains(" picocli.")
                            || l.contains(" com.fasterxml."));
        }
    }

    @Test
    void a_class_data_archive_from_another_build_is_ignored_silently(@TempDir Path dir) throws Exception {
        // A copy of the tree: the archive names the jars of the original, so the JVM refuses it
        // (and, unsilenced, warns on stderr). The launcher must still run, quietly.
        Path copy = dir.resolve("app");
        Files.createDirectories(copy.resolve("bin"));
        Files.createDirectories(copy.resolve("lib"));
        Files.copy(LAUNCHER, copy.resolve("bin/stampede-doctor"));
        try (var files = Files.list(APP_HOME.resolve("lib"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, copy.resolve("lib").resolve(file.getFileName()));
            }
        }
        assertThat(copy.resolve("lib/stampede-doctor.jsa")).as("the build made an archive").exists();
        Run r = run(copy.resolve("bin/stampede-doctor"), Map.of(), "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("stampede-doctor ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void analyze_runs_on_c1_alone_up_to_512_mib_of_monitor_text_and_on_every_tier_beyond_or_for_packets(@TempDir Path dir)
            throws Exception {
        Map<String, String> flags = Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Run small = run(LAUNCHER, flags, "analyze", "--format", "json", EXAMPLE);
        assertThat(small.exitCode()).isIn(0, 1);
        assertThat(small.err()).contains("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");

        // Sparse files: the size is what the launcher reads; --help keeps analyze from reading them.
        Path big = dir.resolve("big.log");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(600L << 20);
        }
        Path gz = dir.resolve("small.log.gz");
        try (var f = new java.io.RandomAccessFile(gz.toFile(), "rw")) {
            f.setLength(70L << 20); // eight times: 560 MiB of text
        }
        Path pcap = dir.resolve("small.pcap"); // packet captures take every tier at any size
        try (var f = new java.io.RandomAccessFile(pcap.toFile(), "rw")) {
            f.setLength(1L << 20);
        }
        for (Path large : List.of(big, gz, pcap)) {
            Run r = run(LAUNCHER, flags, "analyze", "--help", large.toString());
            assertThat(r.exitCode()).isZero();
            assertThat(r.err()).as(large.getFileName().toString()).doesNotContain("TieredStopAtLevel")
                    .contains("-XX:InlineSmallCode=1000");
            if (large == pcap) {
                assertThat(r.err()).as("a packet capture inlines less").contains("-XX:MaxInlineSize=20")
                        .contains("-XX:FreqInlineSize=120");
            } else {
                assertThat(r.err()).as(large.getFileName().toString()).doesNotContain("MaxInlineSize");
            }
        }
        Run stdin = run(LAUNCHER, flags, "analyze", "--help", "-");
        assertThat(stdin.err()).as("stdin, of unknown length").doesNotContain("TieredStopAtLevel");

        Run asked = run(LAUNCHER, Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:-TieredCompilation"),
                "analyze", "--format", "json", EXAMPLE);
        assertThat(asked.err()).as("JAVA_OPTS chooses the tiers").doesNotContain("TieredStopAtLevel")
                .doesNotContain("InlineSmallCode");
        Run askedPackets = run(LAUNCHER, Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:-TieredCompilation"),
                "analyze", "--help", pcap.toString());
        assertThat(askedPackets.err()).as("JAVA_OPTS chooses the tiers, for packets too").doesNotContain("MaxInlineSize=20");

        // Read after the command line, every tier on again: one C1 thread would stop the JVM.
        for (String tiers : List.of("-XX:TieredStopAtLevel=4", "-XX:+TieredCompilation")) {
            Run late = run(LAUNCHER, Map.of("_JAVA_OPTIONS", tiers), "analyze", "--format", "json", EXAMPLE);
            assertThat(late.exitCode()).as("_JAVA_OPTIONS=%s: %s", tiers, late.err()).isIn(0, 1);
            assertThat(late.out()).as("_JAVA_OPTIONS=%s", tiers).contains("\"reportVersion\"");
        }
        Path options = dir.resolve("jvm.options");
        Files.writeString(options, "-XX:TieredStopAtLevel=4\n");
        Run fromFile = run(LAUNCHER, Map.of("JAVA_OPTS", "-XX:VMOptionsFile=" + options), "analyze", "--format", "json",
                EXAMPLE);
        assertThat(fromFile.exitCode()).as("an options file: %s", fromFile.err()).isIn(0, 1);
        Run fromArgFile = run(LAUNCHER, Map.of("JAVA_OPTS", "@" + options), "analyze", "--format", "json", EXAMPLE);
        assertThat(fromArgFile.exitCode()).as("an @file: %s", fromArgFile.err()).isIn(0, 1);
    }
}
