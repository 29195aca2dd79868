package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * The notify-keyspace-events changes this host's runs have not put back yet, one small file per
 * run in the state directory. A run killed before its restore could run (SIGKILL, the OOM killer,
 * a container's hard stop) leaves its file, and the next run on the same server puts back the
 * value that one found rather than taking the leftover for the server's own.
 *
 * <p>The directory: system property {@code stampede-doctor.state-dir}, else
 * {@code $XDG_STATE_HOME/stampede-doctor}, else {@code ~/.local/state/stampede-doctor}. A server
 * is known by its {@code run_id} (INFO server), which a restart changes, and a restart puts the
 * configured value back anyway.
 */
final class SettingJournal {
    /** One run's change: the server, the value before, the value set, and the run's process. */
    record Entry(Path file, String runId, String original, String applied, long pid, Instant started) {
    }

    private SettingJournal() {
    }

    static Path directory() {
        String dir = System.getProperty("stampede-doctor.state-dir");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir, "notify-keyspace-events");
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("stampede-doctor").resolve("notify-keyspace-events");
    }

    /** The entries of server {@code runId} whose run is gone, oldest first; empty when none or unreadable. */
    static List<Entry> abandoned(String runId) {
        List<Entry> found = new ArrayList<>();
        Path dir = directory();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, runId + "-*.properties")) {
            for (Path f : files) {
                Entry e = read(f);
                if (e != null && e.runId().equals(runId) && !alive(e)) {
                    found.add(e);
                }
            }
        } catch (IOException | RuntimeException e) {
            return found; // a journal that cannot be read is no worse than none
        }
        found.sort(Comparator.comparing(Entry::started));
        return found;
    }

    /**
     * Notes this run's change, before it is made; returns the file, or throws with the reason
     * when the directory cannot be written (the caller says so and goes on).
     */
    static Path write(String runId, String original, String applied) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Properties p = new Properties();
        p.setProperty("run_id", runId);
        p.setProperty("original", original);
        p.setProperty("applied", applied);
        p.setProperty("pid", Long.toString(self.pid()));
        p.setProperty("started", self.info().startInstant().orElse(Instant.EPOCH).toString());
        Path dir = directory();
        Files.createDirectories(dir);
        Path file = dir.resolve(runId + "-" + self.pid() + ".properties");
        Path part = dir.resolve(file.getFileName() + ".part");
        try (var out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            p.store(out, "stampede-doctor: notify-keyspace-events to put back on the Redis with this run_id");
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    static void remove(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind: the next run finds it applies to a value no longer there, and drops it
        }
    }

    private static Entry read(Path f) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(in);
            return new Entry(f, p.getProperty("run_id", ""), p.getProperty("original", ""),
                    p.getProperty("applied", ""), Long.parseLong(p.getProperty("pid", "-1")),
                    Instant.parse(p.getProperty("started", Instant.EPOCH.toString())));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the entry's process still runs: its pid, started when the entry says (a pid is reused). */
    private static boolean alive(Entry e) {
        return ProcessHandle.of(e.pid())
                .filter(ProcessHandle::isAlive)
                .map(h -> h.info().startInstant()
                        .map(at -> e.started().equals(Instant.EPOCH)
                                || Math.abs(at.toEpochMilli() - e.started().toEpochMilli()) < 1_000)
                        .orElse(true))
                .orElse(false);
    }
}
