package dev.stampededoctor.cli;

import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.TlsOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The build's class-data-sharing training run: one JVM that goes through every command's path
 * (analyze in each format, simulate, check, ttl-audit, scan, jitter plan, watch, completion, help), so
 * that the archive the launcher maps holds the classes each of them loads, not just analyze's.
 * Started by the dist build with {@code -Dstampede-doctor.class-data-training=EXAMPLES_DIR}
 * under {@code -XX:ArchiveClassesAtExit}. The live commands run against a throwaway
 * {@code redis-server} on a free loopback port when one is installed (stopped at the end), else
 * against a closed port, which still loads their connection paths. Output is discarded; nothing
 * here can fail the build.
 */
final class ClassDataTraining {
    private ClassDataTraining() {
    }

    static void run(Path examples) {
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        String stampede = examples.resolve("invalidation-stampede.monitor.log").toString();
        String herd = examples.resolve("ttl-herd.monitor.log").toString();
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"--version"});
        runs.add(new String[] {"--help"});
        for (String format : List.of("json", "text", "markdown", "html", "openmetrics")) {
            runs.add(new String[] {"analyze", "--format=" + format, stampede});
        }
        runs.add(new String[] {"analyze", "--format=json", stampede, herd});
        // A packet capture: pcap records, TCP reassembly, RESP requests paired with their replies.
        // And with --redis-port, as a capture of a Redis on another port is read.
        String pcap = examples.resolve("invalidation-stampede.pcap").toString();
        runs.add(new String[] {"analyze", "--format=json", pcap});
        runs.add(new String[] {"analyze", "--format=json", "--redis-port", "6379", pcap});
        runs.add(new String[] {"simulate", "--format=json", stampede});
        runs.add(new String[] {"simulate", stampede});
        runs.add(new String[] {"completion", "bash"});
        for (String command : List.of("scan", "ttl-audit", "check", "jitter", "drill", "watch", "exporter")) {
            runs.add(new String[] {command, "--help"});
        }
        List<Process> servers = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        // The build may be stopped while this runs (under script, which the terminal's Ctrl-C does
        // not pass on to these servers): they go with this JVM, however it ends short of a kill.
        Thread stopServers = new Thread(() -> stop(servers, dirs), "training-servers-stop");
        Runtime.getRuntime().addShutdownHook(stopServers);
        try {
            int port = startRedis(servers, dirs, false);
            String url = port > 0 ? "redis://127.0.0.1:" + port : "redis://127.0.0.1:1";
            String[] timeout = {"--connect-timeout", "200ms"};
            runs.add(join(new String[] {"check", "--redis", url}, timeout));
            runs.add(join(new String[] {"check", "--redis", url, "--format", "json"}, timeout));
            runs.add(join(new String[] {"ttl-audit", "--redis", url, "--format", "json"}, timeout));
            runs.add(join(new String[] {"ttl-audit", "--redis", url}, timeout));
            runs.add(join(new String[] {"scan", "--redis", url, "--duration", "300ms", "--format", "json"}, timeout));
            runs.add(join(new String[] {"scan", "--redis", url, "--duration", "300ms"}, timeout));
            runs.add(join(new String[] {"jitter", "plan", "--redis", url, "--match", "*", "--format", "json"}, timeout));
            // The live screen needs a terminal: the build runs this JVM on one (util-linux script)
            // where it can; elsewhere watch stops at its check and only that much is archived.
            runs.add(join(new String[] {"watch", "--redis", url, "--duration", "1500ms", "--interval", "200ms"}, timeout));
            // The cluster client: discovery and one stream per primary, on a one-node cluster.
            int clusterPort = startRedis(servers, dirs, true, "--cluster-enabled", "yes", "--cluster-announce-ip",
                    "127.0.0.1", "--cluster-config-file", "nodes.conf");
            if (clusterPort > 0 && ownAllSlots(clusterPort)) {
                String cluster = "redis://127.0.0.1:" + clusterPort;
                runs.add(join(new String[] {"check", "--redis", cluster, "--format", "json"}, timeout));
                runs.add(join(new String[] {"ttl-audit", "--redis", cluster, "--format", "json"}, timeout));
                runs.add(join(new String[] {"scan", "--redis", cluster, "--duration", "300ms", "--format", "json"},
                        timeout));
            }
            for (String[] args : runs) {
                try {
                    Main.run(discard, discard, args);
                } catch (RuntimeException | LinkageError e) {
                    // a path that fails here only loads fewer classes
                }
            }
        } finally {
            stop(servers, dirs);
            try {
                Runtime.getRuntime().removeShutdownHook(stopServers);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway, and does nothing twice
            }
        }
    }

    /** Stops every server (SIGTERM, then a kill) and deletes their directories; may run twice. */
    private static synchronized void stop(List<Process> servers, List<Path> dirs) {
        for (Process server : servers) {
            server.destroy();
            try {
                server.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.destroyForcibly();
        }
        servers.clear();
        for (Path dir : dirs) {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a temporary directory left behind
            }
        }
        dirs.clear();
    }

    /**
     * A redis-server on a free loopback port, answering, added to {@code servers} (its directory
     * to {@code dirs}); its port, or 0 when none is installed or it does not come up. A cluster
     * node needs a port of at most 55535 whose cluster bus, 10000 above it, is free too.
     */
    private static int startRedis(List<Process> servers, List<Path> dirs, boolean clusterBus, String... options) {
        int port = freePort(clusterBus);
        if (port == 0) {
            return 0;
        }
        Process p;
        try {
            Path dir = Files.createTempDirectory("stampede-doctor-training-");
            dirs.add(dir);
            List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
            command.addAll(List.of(options));
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return 0; // not installed: the closed port's paths only
        }
        servers.add(p);
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return port;
            } catch (IOException e) {
                if (!pause()) {
                    break;
                }
            }
        }
        return 0;
    }

    /** A free loopback port (with {@code clusterBus}: at most 55535, and 10000 above it free), or 0. */
    private static int freePort(boolean clusterBus) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(clusterBus ? ThreadLocalRandom.current()
                    .nextInt(20_000, 45_536) : 0, 1, InetAddress.getLoopbackAddress())) {
                if (!clusterBus) {
                    return s.getLocalPort();
                }
                try (ServerSocket bus = new ServerSocket(s.getLocalPort() + 10_000, 1, InetAddress.getLoopbackAddress())) {
                    return s.getLocalPort();
                }
            } catch (IOException taken) {
                if (!clusterBus) {
                    return 0;
                }
                // that port or its bus is taken: another
            }
        }
        return 0;
    }

    /**
     * Gives the one-node cluster on {@code port} every slot and waits (6 s at most: a node takes
     * 2 s to call itself ok) until it is ok.
     */
    private static boolean ownAllSlots(int port) {
        long deadline = System.nanoTime() + 6_000_000_000L;
        try (var c = RedisConnection.open(RedisUrl.parse("redis://127.0.0.1:" + port), TlsOptions.system(),
                Duration.ofSeconds(1), Duration.ofSeconds(1))) {
            String[] addSlots = new String[2 + 16384]; // every slot named: Redis 6.2 has no ADDSLOTSRANGE
            addSlots[0] = "CLUSTER";
            addSlots[1] = "ADDSLOTS";
            for (int slot = 0; slot < 16384; slot++) {
                addSlots[2 + slot] = String.valueOf(slot);
            }
            c.call(addSlots);
            while (System.nanoTime() < deadline) {
                if (c.callForText("CLUSTER", "INFO").contains("cluster_state:ok")) {
                    return true;
                }
                if (!pause()) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    private static boolean pause() {
        try {
            Thread.sleep(20);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String[] join(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
