package dev.stampededoctor.cli.servers;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests a real Redis and a real PostgreSQL: declare a
 * {@link RedisServerHandle} or {@link PostgresServerHandle} parameter on a test, constructor or
 * lifecycle method of a class annotated {@code @ExtendWith(RealServers.class)}.
 *
 * <p>Each server is found or started once per test JVM, on first need, and kept in the root
 * {@link ExtensionContext.Store} (the one shared holder: every test class that uses the extension
 * gets the same servers, and JUnit closes them after the last test). The steps, in order, are
 * listed in {@link ServerOrigin}; {@code STAMPEDE_DOCTOR_TEST_SERVERS} can force one. When no step
 * gives a server the test fails (never skips) with a message naming what was tried and what to
 * install: a silently skipped integration test looks exactly like a passing one.
 */
public final class RealServers implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealServers.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RedisServerHandle.class || type == PostgresServerHandle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Map<String, String> env = System.getenv();
        Shared slot = type == RedisServerHandle.class
                ? shared(context, RedisServerHandle.class, k -> Shared.of(() -> RedisResolver.resolve(env)))
                : shared(context, PostgresServerHandle.class, k -> Shared.of(() -> PostgresResolver.resolve(env)));
        return slot.handle();
    }

    private static Shared shared(ExtensionContext context, Class<?> key, Function<Class<?>, Shared> start) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(key, start, Shared.class);
    }

    /**
     * The outcome of resolving one server, kept for the whole run: a failure is remembered too,
     * so the second test that needs a missing server fails at once with the same message instead
     * of waiting through every step again.
     */
    static final class Shared implements AutoCloseable {
        private final StartedServer<?> server;
        private final RuntimeException failure;

        private Shared(StartedServer<?> server, RuntimeException failure) {
            this.server = server;
            this.failure = failure;
        }

        static Shared of(java.util.function.Supplier<StartedServer<?>> start) {
            try {
                return new Shared(start.get(), null);
            } catch (RuntimeException e) {
                return new Shared(null, e);
            }
        }

        Object handle() {
            if (failure != null) {
                throw new ParameterResolutionException(failure.getMessage(), failure);
            }
            return server.handle();
        }

        @Override
        public void close() throws java.io.IOException {
            if (server != null) {
                server.close();
            }
        }
    }
}
