package dev.stampededoctor.cli.spring;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One application JVM for the several-JVM scenario, run as a child process by the test: its own
 * {@link SpringCacheApp} (own Lettuce connection, bound to the source address it is given) and
 * {@link Readers}. It obeys one-line commands on stdin and answers on stdout with lines starting
 * with {@code @@}:
 * <ul>
 * <li>{@code SEED}: one call of the cached method (fills the key), then {@code @@ SEEDED}</li>
 * <li>{@code READ <stopAtMillis>}: counters reset, the readers run until then</li>
 * <li>{@code EVICT}: {@code @CacheEvict}, answered {@code @@ EVICTED <millis before the call>}</li>
 * <li>{@code DONE}: waits for the readers, answers {@code @@ COUNTS <misses> <rebuilds> <calls>} and exits</li>
 * </ul>
 * Args: redisHost redisPort sourceAddress threads pauseMillis table sleepMillis jdbcUrl user [password].
 * With {@code -Dstampede.app.sync=true} the readers call the {@code @Cacheable(sync = true)} method;
 * with {@code -Dstampede.app.singleflight=caffeine} each request reads Redis through Spring's cache
 * and on a miss joins the JVM's one Caffeine-coalesced rebuild ({@link CaffeineSingleFlight}).
 */
public final class AppProcess {
    private AppProcess() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        SpringCacheApp.Settings s = new SpringCacheApp.Settings(args[0], Integer.parseInt(args[1]), args[2], null, false,
                args[5], Long.parseLong(args[6]));
        int threads = Integer.parseInt(args[3]);
        long pause = Long.parseLong(args[4]);
        String password = args.length > 9 ? args[9] : "";
        String singleFlight = System.getProperty("stampede.app.singleflight", "");
        try (SpringCacheApp app = new SpringCacheApp(s);
                Readers readers = switch (singleFlight) {
                    case "" -> new Readers(app, threads, Boolean.getBoolean("stampede.app.sync"), pause, args[7], args[8],
                            password);
                    case "caffeine" -> new Readers(app, threads, new CaffeineSingleFlight(app)::item, pause, args[7],
                            args[8], password);
                    default -> throw new IllegalArgumentException("unknown stampede.app.singleflight " + singleFlight);
                }) {
            app.warmUp();
            out.println("@@ READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.trim().split(" ");
                switch (w[0]) {
                    case "SEED" -> {
                        try (java.sql.Connection c = java.sql.DriverManager.getConnection(args[7], args[8], password)) {
                            app.catalog().useConnection(c);
                            app.catalog().item(1);
                        }
                        out.println("@@ SEEDED");
                    }
                    case "READ" -> {
                        app.reset();
                        readers.go(Long.parseLong(w[1]));
                    }
                    case "EVICT" -> {
                        long at = System.currentTimeMillis();
                        app.catalog().evict(1);
                        out.println("@@ EVICTED " + at);
                    }
                    case "DONE" -> {
                        readers.join();
                        out.println("@@ COUNTS " + app.misses() + " " + app.rebuilds() + " " + readers.calls());
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown command " + line);
                }
            }
        }
    }
}
