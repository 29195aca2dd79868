package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Temp dirs for server data, sockets, logs and unpacked binaries. Every server gets its own, so
 * parallel JVMs never share files, and each is deleted when its server stops.
 */
final class TempDirs {
    private static final Set<PosixFilePermission> WORLD_TRAVERSABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    private TempDirs() {
    }

    /** A new private (0700) directory under {@code java.io.tmpdir}. */
    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /**
     * A new 0755 directory whose every parent is traversable by other users, so that a server
     * running as another OS user (PostgreSQL under {@code runuser}) can reach files in it. Falls
     * back to {@code /tmp} when {@code java.io.tmpdir} sits below a private directory.
     */
    static Path createShared(String prefix) throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        if (!parentsTraversable(base)) {
            base = Path.of("/tmp");
        }
        if (!parentsTraversable(base)) {
            throw new IOException("neither java.io.tmpdir nor /tmp is traversable by other users: " + base);
        }
        Path dir = Files.createTempDirectory(base, prefix);
        Files.setPosixFilePermissions(dir, WORLD_TRAVERSABLE);
        return dir;
    }

    private static boolean parentsTraversable(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!Files.isDirectory(p) || !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    /** Deletes {@code dir} and everything in it, symlinks included but not followed. */
    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
