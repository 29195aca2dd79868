package dev.stampededoctor.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        runs.add(new String[] {"analyze", "--format=json", examples.resolve("invalidation-stampede.pcap").toString()});
        runs.add(new String[] {"simulate", "--format=json", stampede});
        runs.add(new String[] {"simulate", stampede});
        runs.add(new String[] {"completion", "bash"});
        for (String command : List.of("scan", "ttl-audit", "check", "jitter", "drill", "watch", "exporter")) {
            runs.add(new String[] {command, "--help"});
        }
        Process redis = startRedis();
        String url = redis != null ? "redis://127.0.0.1:" + port : "redis://127.0.0.1:1";
        String[] timeout = {"--connect-timeout", "200ms"};
        runs.add(join(new String[] {"check", "--redis", url}, timeout));
        runs.add(join(new String[] {"check", "--redis", url, "--format", "json"}, timeout));
        runs.add(join(new String[] {"ttl-audit", "--redis", url, "--format", "json"}, timeout));
        runs.add(join(new String[] {"ttl-audit", "--redis", url}, timeout));
        runs.add(join(new String[] {"scan", "--redis", url, "--duration", "300ms", "--format", "json"}, timeout));
        runs.add(join(new String[] {"scan", "--redis", url, "--duration", "300ms"}, timeout));
        runs.add(join(new String[] {"jitter", "plan", "--redis", url, "--match", "*", "--format", "json"}, timeout));
        // The live screen needs a terminal: the build runs this JVM on one (util-linux script) where
        // it can; elsewhere watch stops at its check and only that much is archived.
        runs.add(join(new String[] {"watch", "--redis", url, "--duration", "1500ms", "--interval", "200ms"}, timeout));
        try {
            for (String[] args : runs) {
                try {
                    Main.run(discard, discard, args);
                } catch (RuntimeException | LinkageError e) {
                    // a path that fails here only loads fewer classes
                }
            }
        } finally {
            if (redis != null) {
                redis.destroy();
                try {
                    redis.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                redis.destroyForcibly();
            }
        }
    }

    private static int port;

    /** A redis-server on a free loopback port, answering; null when none is installed or it does not come up. */
    private static Process startRedis() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            return null;
        }
        Process p;
        try {
            Path dir = Files.createTempDirectory("stampede-doctor-training-");
            dir.toFile().deleteOnExit();
            p = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return null; // not installed: the closed port's paths only
        }
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return p;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        p.destroyForcibly();
        return null;
    }

    private static String[] join(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
