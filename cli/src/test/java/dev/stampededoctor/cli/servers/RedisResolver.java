package dev.stampededoctor.cli.servers;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds or starts a Redis server, trying each {@link ServerOrigin} in order. Every step is also
 * callable on its own, so a test can prove that a later step (the jar-shipped binary) works on a
 * machine where an earlier one would have been chosen.
 */
public final class RedisResolver {
    static final String REMEDY = "set " + EnvironmentUrls.REDIS_VARIABLE + ", start Docker, install redis-server"
            + " (apt-get install redis-server), or keep " + EmbeddedBinaries.REDIS_JAR + " on the test classpath";

    private RedisResolver() {
    }

    /** Tries the steps allowed by {@code env}'s {@link ServerOrigin#FORCE_VARIABLE}; throws when none gives a server. */
    public static StartedServer<RedisServerHandle> resolve(Map<String, String> env) {
        String forced = env.get(ServerOrigin.FORCE_VARIABLE);
        Set<ServerOrigin> allowed = ServerOrigin.allowed(forced);
        Attempts attempts = new Attempts("Redis");
        for (ServerOrigin step : ServerOrigin.values()) {
            if (!allowed.contains(step)) {
                attempts.forcedAway(step, forced);
                continue;
            }
            switch (step) {
                case URL -> {
                    // A URL the developer set is final: falling back would test another server silently.
                    Optional<RedisServerHandle> handle = EnvironmentUrls.redis(env);
                    if (handle.isPresent()) {
                        return StartedServer.external(handle.get());
                    }
                    attempts.unavailable(step, EnvironmentUrls.REDIS_VARIABLE + " is not set");
                }
                case DOCKER -> {
                    if (!DockerServers.available()) {
                        attempts.unavailable(step, "no Docker engine answers");
                        continue;
                    }
                    try {
                        return DockerServers.redis();
                    } catch (Exception e) {
                        attempts.failed(step, e);
                    }
                }
                case LOCAL -> {
                    Optional<Path> binary = LocalBinaries.redisServer();
                    if (binary.isEmpty()) {
                        attempts.unavailable(step, "no redis-server on PATH");
                        continue;
                    }
                    try {
                        return local(binary.get());
                    } catch (Exception e) {
                        attempts.failed(step, e);
                    }
                }
                case EMBEDDED -> {
                    if (!EmbeddedBinaries.platformSupported() || !EmbeddedBinaries.present(EmbeddedBinaries.REDIS_RESOURCE)) {
                        attempts.unavailable(step, EmbeddedBinaries.REDIS_RESOURCE + " not on the classpath or not"
                                + " runnable on " + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
                        continue;
                    }
                    try {
                        return embedded();
                    } catch (Exception e) {
                        attempts.failed(step, e);
                    }
                }
                default -> throw new IllegalStateException(step.name());
            }
        }
        throw attempts.failure(REMEDY);
    }

    /** Step 3: a redis-server binary installed on this machine. */
    public static StartedServer<RedisServerHandle> local(Path binary) throws java.io.IOException {
        return RedisProcess.start(binary, ServerOrigin.LOCAL, "local binary " + binary);
    }

    /** Step 4: the redis-server carried by embedded-redis, copied to a temp dir that is deleted on close. */
    public static StartedServer<RedisServerHandle> embedded() throws java.io.IOException {
        Path dir = TempDirs.create("stampede-redis-bin-");
        try {
            Path binary = EmbeddedBinaries.extractRedis(dir);
            return RedisProcess.start(binary, ServerOrigin.EMBEDDED,
                    "embedded binary " + EmbeddedBinaries.REDIS_RESOURCE + " from " + EmbeddedBinaries.REDIS_JAR)
                    .andThen(() -> TempDirs.deleteRecursively(dir));
        } catch (java.io.IOException | RuntimeException e) {
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }
}
