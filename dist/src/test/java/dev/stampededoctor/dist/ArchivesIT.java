package dev.stampededoctor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;

/**
 * What the unpacked tree and the two archives hold: launcher, jars, completion scripts, man
 * pages, LICENSE and README, with the launcher executable; the class-data archive only in the
 * tree (it is tied to the JDK that made it). Also that every man page renders without a warning
 * and its text fits an 80-column terminal, which needs {@code man} (Debian: apt-get install man-db).
 */
class ArchivesIT {
    private static final Path APP_HOME = Path.of(System.getProperty("app.home"));
    private static final String ARCHIVE_BASE = System.getProperty("archive.base");
    private static final String TOP = Path.of(ARCHIVE_BASE).getFileName() + "/";
    private static final String JSA = "lib/stampede-doctor.jsa";

    /** Relative path to Unix mode, for the unpacked tree, files only. */
    private static Map<String, Integer> tree() throws IOException {
        Map<String, Integer> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(APP_HOME)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(APP_HOME.relativize(p).toString(), Files.isExecutable(p) ? 0755 : 0644);
            }
        }
        return files;
    }

    private static Map<String, Integer> tarGz() throws IOException {
        Map<String, Integer> files = new TreeMap<>();
        try (InputStream in = Files.newInputStream(Path.of(ARCHIVE_BASE + ".tar.gz"));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    assertThat(e.getName()).startsWith(TOP);
                    files.put(e.getName().substring(TOP.length()), e.getMode() & 0777);
                }
            }
        }
        return files;
    }

    private static Map<String, Integer> zip() throws IOException {
        Map<String, Integer> files = new TreeMap<>();
        try (ZipFile zip = ZipFile.builder().setPath(Path.of(ARCHIVE_BASE + ".zip")).get()) {
            for (ZipArchiveEntry e : (Iterable<ZipArchiveEntry>) () -> zip.getEntries().asIterator()) {
                if (!e.isDirectory()) {
                    assertThat(e.getName()).startsWith(TOP);
                    files.put(e.getName().substring(TOP.length()), e.getUnixMode() & 0777);
                }
            }
        }
        return files;
    }

    @Test
    void the_tree_holds_completions_man_pages_license_and_readme() throws IOException {
        assertThat(tree()).containsKeys("bin/stampede-doctor", "LICENSE", "README.md",
                "completions/stampede-doctor.bash", "completions/_stampede-doctor", "completions/stampede-doctor.fish",
                "man/man1/stampede-doctor.1", "man/man1/stampede-doctor-analyze.1", "man/man1/stampede-doctor-completion.1",
                "man/man1/stampede-doctor-exporter.1", "prometheus/stampede-doctor.rules.yml", JSA);
        assertThat(tree()).containsEntry("bin/stampede-doctor", 0755);
    }

    @Test
    void both_archives_hold_the_tree_but_its_class_data_archive_with_the_launcher_executable() throws IOException {
        Map<String, Integer> expected = new TreeMap<>(tree());
        expected.remove(JSA);
        assertThat(tarGz()).as("tar.gz").isEqualTo(expected);
        assertThat(zip()).as("zip").isEqualTo(expected);
    }

    /**
     * The lines man fills and breaks itself: all but the EXAMPLES section, whose command lines
     * are shown as written (wider ones overflow; shortening them is up to each command's help).
     */
    private static List<String> filledLines(String rendered) {
        List<String> lines = new ArrayList<>();
        boolean examples = false;
        for (String line : rendered.lines().toList()) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                examples = line.equals("EXAMPLES");
            }
            if (!examples) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void every_man_page_renders_without_warnings_in_80_columns() throws Exception {
        List<Path> pages;
        try (Stream<Path> files = Files.list(APP_HOME.resolve("man/man1"))) {
            pages = files.sorted().toList();
        }
        assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
        for (Path page : pages) {
            ProcessBuilder pb = new ProcessBuilder("man", "--warnings", "-l", page.toString());
            pb.environment().put("MANWIDTH", "80");
            pb.environment().put("LC_ALL", "C.UTF-8");
            Path out = Files.createTempFile("man", ".out");
            Path err = Files.createTempFile("man", ".err");
            Process p;
            try {
                p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("man is not installed (Debian: apt-get install man-db); it checks the man pages", e);
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // Bold and underline come as overstrikes (c, backspace, c) when stdout is not a terminal.
            String rendered = Files.readString(out, StandardCharsets.UTF_8).replaceAll(".\b", "");
            String warnings = Files.readString(err, StandardCharsets.UTF_8);
            Files.delete(out);
            Files.delete(err);
            assertThat(p.exitValue()).as("man -l %s: %s", page, warnings).isZero();
            assertThat(warnings).as("warnings for %s", page).isEmpty();
            assertThat(rendered).as("%s", page).contains("NAME", "SYNOPSIS", "EXIT STATUS");
            assertThat(filledLines(rendered)).as("lines of %s", page).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        }
    }
}
