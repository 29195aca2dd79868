package dev.stampededoctor.cli.servers;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

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
        // A URL the developer set is final: falling back would test another server silently.
        Optional<RedisServerHandle> url = EnvironmentUrls.redis(env);
        Optional<Path> binary = LocalBinaries.redisServer();
        Map<ServerOrigin, ServerSteps.Step<RedisServerHandle>> steps = new EnumMap<>(ServerOrigin.class);
        steps.put(ServerOrigin.URL, ServerSteps.step(() -> url.isEmpty() ? EnvironmentUrls.REDIS_VARIABLE + " is not set" : null,
                () -> StartedServer.external(url.get())));
        steps.put(ServerOrigin.DOCKER, ServerSteps.step(() -> DockerServers.available() ? null : "no Docker engine answers",
                DockerServers::redis));
        steps.put(ServerOrigin.LOCAL, ServerSteps.step(() -> binary.isEmpty() ? "no redis-server on PATH" : null, () -> local(binary.get())));
        steps.put(ServerOrigin.EMBEDDED, ServerSteps.step(() -> ServerSteps.embeddedUnavailable(EmbeddedBinaries.REDIS_RESOURCE),
                RedisResolver::embedded));
        return ServerSteps.resolve("Redis", env, steps, REMEDY);
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
