package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Step 2 of the resolution: containers through Testcontainers, when a Docker engine answers.
 * Plain {@link GenericContainer}s, not the {@code @Testcontainers} annotation: the annotation fails
 * the build where there is no engine, while here the absence of Docker only means "try the next
 * step".
 */
public final class DockerServers {
    public static final String REDIS_IMAGE = "redis:7";
    public static final String POSTGRES_IMAGE = "postgres:15";
    private static final String POSTGRES_PASSWORD = "stampede";

    private DockerServers() {
    }

    /** Asks Testcontainers; about 0.2 s when there is no engine. Any failure counts as "no Docker". */
    public static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static StartedServer<RedisServerHandle> redis() throws IOException {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE))
                .withExposedPorts(6379)
                .withCommand("redis-server", "--save", "", "--appendonly", "no")
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(120)));
        container.start();
        try {
            String host = loopbackHost(container);
            RedisServerHandle handle = new RedisServerHandle(host, container.getMappedPort(6379), 0, null, false, null,
                    ServerOrigin.DOCKER, "Docker container " + REDIS_IMAGE + " (" + shortId(container) + ") via Testcontainers");
            return new StartedServer<>(handle, container::stop);
        } catch (IOException | RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    public static StartedServer<PostgresServerHandle> postgres() throws IOException {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
                .withExposedPorts(5432)
                .withEnv("POSTGRES_PASSWORD", POSTGRES_PASSWORD)
                .withCommand("postgres", "-c", "fsync=off")
                // The entrypoint starts the server twice (init, then for real): wait for the second.
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                        .withStartupTimeout(Duration.ofSeconds(120)));
        container.start();
        try {
            String host = loopbackHost(container);
            PostgresServerHandle handle = new PostgresServerHandle(host, container.getMappedPort(5432), "postgres",
                    "postgres", POSTGRES_PASSWORD, null, ServerOrigin.DOCKER,
                    "Docker container " + POSTGRES_IMAGE + " (" + shortId(container) + ") via Testcontainers");
            return new StartedServer<>(handle, container::stop);
        } catch (IOException | RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    /** Tests only talk to loopback addresses: a Docker engine on another host is refused. */
    private static String loopbackHost(GenericContainer<?> container) throws IOException {
        String host = container.getHost();
        if (!Hosts.isLoopback(host)) {
            throw new IOException("the Docker engine publishes ports on " + host
                    + ", not on loopback; set the URL variables or unset DOCKER_HOST");
        }
        return Hosts.normalize(host);
    }

    private static String shortId(GenericContainer<?> container) {
        String id = container.getContainerId();
        return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
    }
}
