package dev.stampededoctor.cli.servers;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a test server comes from, in the order {@link RealServers} tries them. The order runs from
 * "the developer told us" to "what the test jars carry", so a machine with nothing installed still
 * gets a real server, while a developer or CI can point the tests at a server of their choice.
 */
public enum ServerOrigin {
    /** A server named by {@code STAMPEDE_DOCTOR_TEST_REDIS_URL} / {@code STAMPEDE_DOCTOR_TEST_POSTGRES_URL}. */
    URL,
    /** A container started through Testcontainers (only when a Docker engine answers). */
    DOCKER,
    /** A binary installed on this machine (PATH, or /usr/lib/postgresql/N/bin). */
    LOCAL,
    /** A binary shipped inside a test-scoped jar, unpacked to a temp dir. */
    EMBEDDED;

    /** Forces one step; unset, empty or {@code auto} means every step in order. */
    public static final String FORCE_VARIABLE = "STAMPEDE_DOCTOR_TEST_SERVERS";

    /**
     * The steps allowed by the value of {@link #FORCE_VARIABLE}. An unknown value is an error
     * rather than "auto": a typo must not silently test against a different server.
     */
    public static Set<ServerOrigin> allowed(String forced) {
        if (forced == null || forced.isBlank() || forced.trim().equalsIgnoreCase("auto")) {
            return EnumSet.allOf(ServerOrigin.class);
        }
        String value = forced.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "url", "env" -> EnumSet.of(URL);
            case "docker", "testcontainers" -> EnumSet.of(DOCKER);
            case "local" -> EnumSet.of(LOCAL);
            case "embedded" -> EnumSet.of(EMBEDDED);
            default -> throw new IllegalArgumentException(FORCE_VARIABLE + "=" + forced
                    + " is not one of: auto, url, docker, local, embedded");
        };
    }
}
