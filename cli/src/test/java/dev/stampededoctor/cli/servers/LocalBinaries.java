package dev.stampededoctor.cli.servers;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Step 3 of the resolution: server binaries installed on this machine. Debian and Ubuntu put
 * PostgreSQL's initdb and pg_ctl in {@code /usr/lib/postgresql/N/bin}, not on PATH, so that
 * directory is searched too; with several major versions installed, the highest wins.
 */
public final class LocalBinaries {
    private static final Path DEBIAN_POSTGRES = Path.of("/usr/lib/postgresql");

    private LocalBinaries() {
    }

    /** {@code redis-server} on PATH. */
    public static Optional<Path> redisServer() {
        for (Path dir : path()) {
            Path candidate = dir.resolve("redis-server");
            if (RedisProcess.executable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The directory of the highest-version PostgreSQL whose initdb, pg_ctl and postgres all run. */
    public static Optional<PostgresBinaries> postgres() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path dir : path()) {
            if (PostgresProcess.complete(dir)) {
                dirs.add(realDirOfPostgres(dir));
            }
        }
        if (Files.isDirectory(DEBIAN_POSTGRES)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(DEBIAN_POSTGRES)) {
                for (Path v : versions) {
                    Path bin = v.resolve("bin");
                    if (PostgresProcess.complete(bin)) {
                        dirs.add(realDirOfPostgres(bin));
                    }
                }
            } catch (IOException e) {
                // unreadable: as if absent
            }
        }
        List<PostgresBinaries> found = new ArrayList<>();
        for (Path dir : dirs) {
            String version = PostgresProcess.version(dir);
            if (version != null) {
                found.add(new PostgresBinaries(dir, version));
            }
        }
        return found.stream().max(Comparator.comparing(PostgresBinaries::versionKey));
    }

    /** A PostgreSQL bin directory and the version its postgres reports. */
    public record PostgresBinaries(Path dir, String version) {
        long versionKey() {
            String[] parts = version.split("\\.");
            long major = Long.parseLong(parts[0]);
            long minor = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
            return major * 1_000_000 + minor;
        }
    }

    /**
     * PATH often holds symlinks (here /usr/local/bin/initdb points into /usr/lib/postgresql/15/bin):
     * resolve them, so that the share/ and lib/ dirs next to the real binaries are used and the
     * same installation is not counted twice.
     */
    private static Path realDirOfPostgres(Path dir) {
        try {
            Path real = dir.resolve("postgres").toRealPath().getParent();
            return PostgresProcess.complete(real) ? real : dir;
        } catch (IOException e) {
            return dir;
        }
    }

    private static List<Path> path() {
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        if (path == null) {
            return dirs;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                dirs.add(Path.of(entry));
            }
        }
        return dirs;
    }
}
