package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.completion.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources each completion script in the real shell and asks it to complete command lines.
 * Needs bash, zsh and fish installed ({@code apt-get install zsh fish}; .ci/run does it): a
 * missing shell fails the test, since a script that no shell has run is not known to work.
 */
class ShellCompletionIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void writeScripts() throws IOException {
        for (Shell shell : Shell.values()) {
            Files.writeString(dir.resolve(shell.fileName("stampede-doctor")), CliRun.of("completion", shell.name()).out(),
                    StandardCharsets.UTF_8);
        }
        Files.createDirectories(dir.resolve("work"));
        Files.writeString(dir.resolve("work/capture.log"), "");
        Files.writeString(dir.resolve("work/capture-2.log.gz"), "");
    }

    @Test
    void bash_completes_commands_option_values_shells_and_files() throws Exception {
        assertCompletions(this::bash);
    }

    @Test
    void zsh_completes_the_same_when_autoloaded_from_fpath() throws Exception {
        assertCompletions(line -> zsh(line, false));
    }

    @Test
    void zsh_completes_the_same_when_sourced() throws Exception {
        assertCompletions(line -> zsh(line, true));
    }

    @Test
    void fish_completes_the_same() throws Exception {
        assertCompletions(this::fish);
    }

    private interface Completer {
        Set<String> complete(String line) throws Exception;
    }

    private static void assertCompletions(Completer shell) throws Exception {
        assertThat(shell.complete("stampede-doctor ")).containsExactlyInAnyOrder("analyze", "check", "completion", "drill", "exporter", "jitter",
                "scan", "simulate", "ttl-audit", "watch");
        assertThat(shell.complete("stampede-doctor drill --scenario ")).containsExactlyInAnyOrder("invalidation", "ttl",
                "cluster");
        assertThat(shell.complete("stampede-doctor analyze --format ")).containsExactlyInAnyOrder("text", "json", "markdown", "html",
                "openmetrics");
        assertThat(shell.complete("stampede-doctor ttl-audit --format ")).containsExactlyInAnyOrder("text", "json", "csv", "markdown",
                "html", "openmetrics");
        assertThat(shell.complete("stampede-doctor analyze --for")).containsExactly("--format");
        assertThat(shell.complete("stampede-doctor analyze capt")).containsExactlyInAnyOrder("capture.log", "capture-2.log.gz");
        assertThat(shell.complete("stampede-doctor completion ")).containsExactlyInAnyOrder("bash", "zsh", "fish");
        assertThat(shell.complete("stampede-doctor jitter ")).containsExactlyInAnyOrder("plan", "apply", "undo");
        assertThat(shell.complete("stampede-doctor jitter plan --spr")).containsExactly("--spread");
        assertThat(shell.complete("stampede-doctor simulate --policy ")).containsExactlyInAnyOrder("as-is", "jitter",
                "write-through", "lock", "xfetch", "stale-while-revalidate");
        assertThat(shell.complete("stampede-doctor simulate --format ")).containsExactlyInAnyOrder("text", "json", "markdown", "html",
                "openmetrics");
        assertThat(shell.complete("stampede-doctor simulate capt")).containsExactlyInAnyOrder("capture.log", "capture-2.log.gz");
    }

    private Set<String> bash(String line) throws Exception {
        // compopt works only while bash itself runs a completion; here the function is called directly.
        String script = """
                compopt() { :; }
                source "$SCRIPT"
                read -ra COMP_WORDS <<< "$LINE"
                [[ $LINE == *' ' ]] && COMP_WORDS+=('')
                COMP_LINE=$LINE COMP_POINT=${#LINE} COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                fn=$(complete -p stampede-doctor | sed -E 's/.* -F ([^ ]+) .*/\\1/')
                "$fn" stampede-doctor "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                """;
        return lines(run(List.of("bash", "--norc", "--noprofile", "-c", script),
                Map.of("SCRIPT", dir.resolve("stampede-doctor.bash").toString(), "LINE", line)));
    }

    private Set<String> zsh(String line, boolean sourced) throws Exception {
        Path capture = dir.resolve("capture.zsh");
        try (var in = ShellCompletionIT.class.getResourceAsStream("/completion/capture.zsh")) {
            Files.write(capture, in.readAllBytes());
        }
        Path out = Files.createTempFile(dir, "zsh", ".out");
        Files.deleteIfExists(Path.of(out + ".done"));
        Path empty = Files.createDirectories(dir.resolve("empty-fpath"));
        String fpath = sourced ? empty.toString() : dir.toString();
        String source = sourced ? dir.resolve("_stampede-doctor").toString() : "";
        run(List.of("zsh", "-f", capture.toString(), fpath, out.toString(), source, line), Map.of());
        return lines(Files.readString(out, StandardCharsets.UTF_8));
    }

    private Set<String> fish(String line) throws Exception {
        String script = "source $SCRIPT; complete -C \"$LINE\"";
        Set<String> words = new TreeSet<>();
        for (String l : lines(run(List.of("fish", "--no-config", "-c", script),
                Map.of("SCRIPT", dir.resolve("stampede-doctor.fish").toString(), "LINE", line)))) {
            words.add(l.split("\t", 2)[0]); // "value<TAB>description"
        }
        return words;
    }

    private static Set<String> lines(String text) {
        return new TreeSet<>(text.lines().filter(l -> !l.isBlank()).toList());
    }

    private static String run(List<String> command, Map<String, String> env) throws Exception {
        if (!onPath(command.get(0))) {
            throw new AssertionError(command.get(0) + " is not installed; install it (Debian: apt-get install "
                    + command.get(0) + ") to test its completion script");
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.resolve("work").toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "shell", ".out");
        Path err = Files.createTempFile(dir, "shell", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished within 30 s", command.get(0)).isTrue();
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s exit code; stderr: %s", command.get(0), stderr).isZero();
        assertThat(stderr).as("%s stderr", command.get(0)).isEmpty();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
