package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format analyze picks by itself, asked of a real terminal (tmux): text when stdout is the
 * terminal, JSON when it is a file or a pipe, whatever stdin and stderr are.
 */
class TerminalDefaultsIT {
    @TempDir
    Path dir;

    @Test
    void analyze_prints_text_to_a_terminal_and_json_to_a_file_or_a_pipe() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String tool = java + " -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName();
        String capture = Path.of("../examples/ttl-herd.monitor.log").toAbsolutePath().normalize().toString();
        String script = "cd '" + dir + "'\n"
                + "export LC_ALL=C.UTF-8 COLUMNS=100\n"
                + "clear\n"
                + tool + " analyze --no-progress '" + capture + "' > file.out 2> file.err; echo $? > file.rc\n"
                + tool + " analyze --no-progress '" + capture + "' 2> pipe.err | cat > pipe.out\n"
                + tool + " analyze --no-progress '" + capture + "' 2> tty.err; echo $? > tty.rc\n"
                + "echo done > done.txt\n"
                + "sleep 60\n";
        Path run = dir.resolve("run.sh");
        Files.writeString(run, script);
        try (Tmux tmux = Tmux.start(run, 100, 200)) {
            assertThat(Tmux.await(dir.resolve("done.txt"), 60_000)).as("the three runs finished").isEqualTo("done");
            assertThat(Files.readString(dir.resolve("file.out"))).startsWith("{").contains("\"incidents\"");
            assertThat(Files.readString(dir.resolve("pipe.out"))).startsWith("{").contains("\"incidents\"");
            assertThat(Files.readString(dir.resolve("file.rc")).strip()).isEqualTo("1");
            assertThat(Files.readString(dir.resolve("tty.rc")).strip()).isEqualTo("1");
            List<String> screen = tmux.screen();
            String shown = String.join("\n", screen);
            assertThat(shown).as("the text report on the terminal").doesNotContain("\"incidents\"")
                    .containsIgnoringCase("ttl");
            assertThat(screen.stream().filter(l -> l.startsWith("{")).count()).isZero();
        }
    }
}
