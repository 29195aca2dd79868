package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.LocalBinaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real packets through a lossy network: a network namespace of its own, with Redis, the client
 * and tcpdump inside it, whose firewall drops 5 % of the Redis packets on their way in (iptables'
 * {@code statistic} match; this kernel has no {@code netem}). tcpdump sees each dropped packet
 * leave and then its retransmission: the capture holds both, and the tool must read each byte
 * once, the same commands and replies as the client. Needs root (CI runs as root), iproute2's
 * {@code ip} and iptables.
 */
class PacketLossIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MISSING = 300;
    private static final int PRESENT = 100;

    @TempDir
    Path dir;

    @Test
    void retransmitted_packets_are_read_once_and_give_the_clients_exact_misses() throws Exception {
        Path redisServer = LocalBinaries.redisServer().orElseThrow(() -> new AssertionError(
                "this test runs redis-server in a network namespace: apt-get install redis-server"));
        String ns = "sd-loss-" + ProcessHandle.current().pid();
        run("ip", "netns", "add", ns);
        Process redis = null;
        try {
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            for (String port : List.of("--dport", "--sport")) {
                run("ip", "netns", "exec", ns, "iptables", "-A", "INPUT", "-p", "tcp", port, "6379", "-m", "statistic",
                        "--mode", "random", "--probability", "0.05", "-j", "DROP");
            }
            redis = new ProcessBuilder("ip", "netns", "exec", ns, "timeout", "60", redisServer.toString(), "--port",
                    "6379", "--save", "", "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            awaitPing(ns);
            Path pcap = dir.resolve("netem.pcap");
            StringBuilder commands = new StringBuilder();
            for (int i = 0; i < PRESENT; i++) {
                commands.append("SET present:").append(i).append(" v\n");
                commands.append("GET present:").append(i).append('\n');
            }
            for (int i = 0; i < MISSING; i++) {
                commands.append("GET missing:").append(i).append('\n');
            }
            Path input = dir.resolve("commands.txt");
            Files.writeString(input, commands.toString());
            String replies;
            try (Tcpdump tcpdump = Tcpdump.startIn(ns, pcap, "tcp", "port", "6379")) {
                replies = run("ip", "netns", "exec", ns, "sh", "-c", "redis-cli -p 6379 < " + input);
                Thread.sleep(500);
                tcpdump.stop();
            }
            // The client's own count of the nil replies: redis-cli prints an empty line for each.
            long nils = replies.lines().filter(String::isEmpty).count();
            assertThat(nils).isEqualTo(MISSING);

            CliRun analyzed = CliRun.of("analyze", "--format", "json", pcap.toString());
            JsonNode report = JSON.readTree(analyzed.out());
            JsonNode packets = report.at("/input/files/0/packets");
            assertThat(packets.path("retransmittedSegments").asLong()).as("the drops made retransmissions: %s", packets)
                    .isPositive();
            assertThat(packets.path("pairingFailures").asLong()).isZero();
            assertThat(packets.path("desyncs").asLong()).isZero();
            assertThat(packets.path("replied").asLong()).isEqualTo(packets.path("commands").asLong());
            long missingReads = -1;
            long missingMisses = -1;
            long presentMisses = -1;
            for (JsonNode p : report.at("/stats/patterns")) {
                if (p.path("pattern").asText().equals("missing:*")) {
                    missingReads = p.path("reads").asLong();
                    missingMisses = p.path("misses").asLong();
                } else if (p.path("pattern").asText().equals("present:*")) {
                    presentMisses = p.path("misses").asLong();
                }
            }
            assertThat(missingReads).as("%s", report.at("/stats/patterns")).isEqualTo(MISSING);
            assertThat(missingMisses).isEqualTo(nils);
            assertThat(presentMisses).isZero();
        } finally {
            if (redis != null) {
                redis.destroy();
                redis.waitFor(5, TimeUnit.SECONDS);
            }
            run("ip", "netns", "del", ns);
        }
    }

    private static void awaitPing(String ns) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (run("ip", "netns", "exec", ns, "redis-cli", "-p", "6379", "PING").contains("PONG")) {
                    return;
                }
            } catch (AssertionError e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("redis-server did not start in namespace " + ns);
    }

    /** Runs a command to its end (at most 60 s); its stdout, or an assertion error with what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", argv) + ": still running after 60 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", argv) + " failed (" + p.exitValue() + "): " + text.strip()
                    + " (this test needs root, iproute2's ip and iptables: apt-get install iproute2 iptables)");
        }
        return text;
    }
}
