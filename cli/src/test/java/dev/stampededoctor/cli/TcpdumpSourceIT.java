package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.redis.TcpdumpSource;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.detectors.pcap.CaptureStats;
import dev.stampededoctor.detectors.pcap.PcapStreams;
import dev.stampededoctor.detectors.pcap.TcpFlow;
import dev.stampededoctor.detectors.pcap.TcpStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live packet source against a real tcpdump on loopback: the last packets before a stop are
 * in the stream (tcpdump hands them over a block at a time), nothing after it is, the stream
 * ends cleanly, and a Redis saturated by redis-benchmark loses no packet (the truth is the
 * benchmark's own request count).
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpdumpSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServerHandle redis;

    @BeforeAll
    void servers(RedisServerHandle redis) {
        this.redis = redis;
    }

    /** The bytes each client sent, over every connection of a capture. */
    private static String clientBytes(byte[] capture, int port) throws IOException {
        StringBuilder sent = new StringBuilder();
        CaptureStats stats = PcapStreams.read(new ByteArrayInputStream(capture), p -> p == port, new TcpStreamHandler() {
            @Override
            public void opened(TcpFlow flow, long micros) {
            }

            @Override
            public void data(TcpFlow flow, boolean toServer, long micros, byte[] buf, int off, int len) {
                if (toServer) {
                    sent.append(new String(buf, off, len, StandardCharsets.ISO_8859_1));
                }
            }

            @Override
            public void gap(TcpFlow flow, boolean toServer, long micros, long bytes) {
            }

            @Override
            public void closed(TcpFlow flow, long micros) {
            }
        });
        assertThat(stats.fileTruncated()).as("the stream ends at a record's end").isFalse();
        return sent.toString();
    }

    @Test
    void packets_sent_just_before_a_stop_are_in_the_stream_and_later_ones_are_not() throws Exception {
        TcpdumpSource source = TcpdumpSource.start("lo", "tcp port " + redis.port(), TimeUnit.SECONDS.toNanos(60), null);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[7]; // small reads: held-back record headers are handed on across calls
            try {
                for (int n; (n = source.read(buf, 0, buf.length)) >= 0; ) {
                    read.write(buf, 0, n);
                }
            } catch (IOException e) {
                failure.set(e);
            }
        }, "tcpdump-reader");
        reader.start();
        try (var c = redis.connect()) {
            for (int i = 0; i < 5; i++) {
                c.call("SET", "before-stop:" + i, "x");
            }
            Thread.sleep(200); // well inside tcpdump's one-second block: not handed over yet
            source.stop("duration");
            for (int i = 0; i < 5; i++) {
                c.call("SET", "after-stop:" + i, "x");
            }
        }
        reader.join(15_000);
        source.close();
        assertThat(reader.isAlive()).as("the stream ended").isFalse();
        assertThat(failure.get()).as("ended cleanly, not with a closed stream").isNull();
        assertThat(source.stopReason()).isEqualTo("duration");
        String sent = clientBytes(read.toByteArray(), redis.port());
        for (int i = 0; i < 5; i++) {
            assertThat(sent).contains("before-stop:" + i).doesNotContain("after-stop:" + i);
        }
    }

    @Test
    void a_scan_of_redis_saturated_by_redis_benchmark_sees_every_request_it_made() throws Exception {
        int requests = 60_000;
        AtomicReference<CliRun> scan = new AtomicReference<>();
        Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", redis.url(), "--source", "tcpdump",
                "--interface", "lo", "--duration", "8s", "--format", "json")), "scan");
        scanner.start();
        Thread.sleep(1_500); // tcpdump listens
        Process bench;
        try {
            bench = new ProcessBuilder("redis-benchmark", "-h", redis.host(), "-p", String.valueOf(redis.port()), "-c",
                    "50", "-r", "100000", "-n", String.valueOf(requests), "-t", "set,get", "-q")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("redis-benchmark is needed (apt-get install redis-tools): " + e.getMessage(), e);
        }
        assertThat(bench.waitFor(30, TimeUnit.SECONDS)).as("redis-benchmark finished").isTrue();
        scanner.join(30_000);
        CliRun run = scan.get();
        assertThat(run).as("the scan finished").isNotNull();
        assertThat(run.exitCode()).as("%s", run).isIn(0, 1);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.at("/live/stoppedBy").asText()).isEqualTo("duration");
        assertThat(report.at("/live/notes").toString()).doesNotContain("lost", "dropped by kernel");
        JsonNode packets = report.at("/input/files/0/packets");
        assertThat(packets.path("gaps").asLong()).as("no packet lost: %s", packets).isZero();
        assertThat(packets.path("pairingFailures").asLong()).isZero();
        assertThat(report.at("/input/commands/SET").asLong()).isEqualTo(requests);
        assertThat(report.at("/input/commands/GET").asLong()).isEqualTo(requests);
    }
}
