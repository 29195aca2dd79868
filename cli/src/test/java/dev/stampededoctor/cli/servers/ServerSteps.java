package dev.stampededoctor.cli.servers;

import java.util.Map;
import java.util.Set;

/**
 * The resolution loop shared by {@link RedisResolver} and {@link PostgresResolver}: try each
 * {@link ServerOrigin} the environment allows, in order, and collect why each one could not give
 * a server, so the final failure says what was tried and what to install.
 */
final class ServerSteps {

    /** One way of getting a server. */
    interface Step<H> {
        /** Why this step cannot be tried here, or null when it can. */
        String unavailable();

        StartedServer<H> start() throws Exception;
    }

    private ServerSteps() {
    }

    static <H> StartedServer<H> resolve(String server, Map<String, String> env, Map<ServerOrigin, Step<H>> steps,
            String remedy) {
        String forced = env.get(ServerOrigin.FORCE_VARIABLE);
        Set<ServerOrigin> allowed = ServerOrigin.allowed(forced);
        Attempts attempts = new Attempts(server);
        for (ServerOrigin origin : ServerOrigin.values()) {
            if (!allowed.contains(origin)) {
                attempts.forcedAway(origin, forced);
                continue;
            }
            Step<H> step = steps.get(origin);
            String why = step.unavailable();
            if (why != null) {
                attempts.unavailable(origin, why);
                continue;
            }
            try {
                return step.start();
            } catch (Exception e) {
                attempts.failed(origin, e);
            }
        }
        throw attempts.failure(remedy);
    }

    /** The reason the embedded step cannot run, or null. */
    static String embeddedUnavailable(String resource) {
        if (EmbeddedBinaries.platformSupported() && EmbeddedBinaries.present(resource)) {
            return null;
        }
        return resource + " not on the classpath or not runnable on " + System.getProperty("os.name") + "/"
                + System.getProperty("os.arch");
    }

    /** A step that is available exactly when {@code why} gives null; asked only if the step is allowed. */
    static <H> Step<H> step(java.util.function.Supplier<String> why, Starter<H> starter) {
        return new Step<>() {
            @Override
            public String unavailable() {
                return why.get();
            }

            @Override
            public StartedServer<H> start() throws Exception {
                return starter.start();
            }
        };
    }

    /** Starts a server; may fail. */
    interface Starter<H> {
        StartedServer<H> start() throws Exception;
    }
}
