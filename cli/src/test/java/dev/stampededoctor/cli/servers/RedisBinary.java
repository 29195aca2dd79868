package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The redis-server binary for harnesses that start several processes we control (a cluster, a
 * sentinel setup): the installed one, else the 6.2 carried by the embedded-redis jar. A URL or a
 * container cannot give that, so {@link ServerOrigin#FORCE_VARIABLE} counts here only when it names
 * {@code local} or {@code embedded} (handy to run the harness on 6.2 on a machine with 7.0).
 * Nothing found fails the test with what to install: it never skips.
 *
 * @param path         the binary
 * @param version      what {@code --version} reported
 * @param origin       {@link ServerOrigin#LOCAL} or {@link ServerOrigin#EMBEDDED}
 * @param what         how descriptions name it
 * @param extractedDir the temp dir the jar's binary was copied to (deleted on close), or null
 */
record RedisBinary(Path path, String version, ServerOrigin origin, String what, Path extractedDir)
        implements AutoCloseable {

    static final String REMEDY = "install redis-server (apt-get install redis-server; it brings redis-sentinel), or"
            + " keep " + EmbeddedBinaries.REDIS_JAR + " on the test classpath";

    static RedisBinary find() throws IOException {
        Set<ServerOrigin> allowed = ServerOrigin.allowed(System.getenv(ServerOrigin.FORCE_VARIABLE));
        boolean onlyEmbedded = allowed.equals(Set.of(ServerOrigin.EMBEDDED));
        boolean onlyLocal = allowed.equals(Set.of(ServerOrigin.LOCAL));
        List<String> tried = new ArrayList<>();
        if (!onlyEmbedded) {
            Optional<Path> local = LocalBinaries.redisServer();
            if (local.isPresent()) {
                String version = RedisProcess.version(local.get());
                if (version != null) {
                    return new RedisBinary(local.get(), version, ServerOrigin.LOCAL, "local binary " + local.get(), null);
                }
                tried.add("local: " + local.get() + " --version failed");
            } else {
                tried.add("local: no redis-server on PATH");
            }
        }
        if (!onlyLocal) {
            String why = ServerSteps.embeddedUnavailable(EmbeddedBinaries.REDIS_RESOURCE);
            if (why == null) {
                return embedded();
            }
            tried.add("embedded: " + why);
        }
        throw new IllegalStateException("no redis-server for the cluster and sentinel harness: " + REMEDY
                + ".\nTried:\n  " + String.join("\n  ", tried));
    }

    private static RedisBinary embedded() throws IOException {
        Path dir = TempDirs.create("stampede-redis-bin-");
        try {
            Path binary = EmbeddedBinaries.extractRedis(dir);
            return new RedisBinary(binary, RedisProcess.requireVersion(binary), ServerOrigin.EMBEDDED,
                    "embedded binary " + EmbeddedBinaries.REDIS_RESOURCE + " from " + EmbeddedBinaries.REDIS_JAR, dir);
        } catch (IOException | RuntimeException e) {
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }

    /** 7.0 added CLUSTER ADDSLOTSRANGE and CLUSTER SHARDS; 6.2 has ADDSLOTS and CLUSTER NODES only. */
    boolean atLeast7() {
        return RedisProcess.major(version) >= 7;
    }

    /** Starts one server from this binary, as {@code launch} says. */
    StartedServer<RedisServerHandle> start(RedisProcess.Launch launch) throws IOException {
        return RedisProcess.start(path, version, origin, what, launch);
    }

    @Override
    public void close() {
        TempDirs.deleteRecursively(extractedDir);
    }
}
