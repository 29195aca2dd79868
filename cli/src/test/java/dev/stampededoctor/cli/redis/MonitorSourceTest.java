package dev.stampededoctor.cli.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The live stream drops the lines of the tool's own connections, by their source, and only those. */
class MonitorSourceTest {
    private static final String RAW = String.join("",
            "+1795461941.000001 [0 127.0.0.1:5000] \"INFO\" \"stats\"\r\n",
            "+1795461941.000002 [0 127.0.0.1:50001] \"GET\" \"k\"\r\n",
            "+1795461941.000003 [0 127.0.0.1:5000] \"CLIENT\" \"LIST\" \"ID\" \"7\"\r\n",
            "+1795461941.000004 [0 lua] \"GET\" \"k\"\r\n",
            "+1795461941.000005 [3 [::1]:6000] \"PING\"\r\n",
            "+1795461941.000006 [12 127.0.0.2:5000] \"INFO\"\r\n",
            "+1795461941.000007 [0 127.0.0.1:500] \"SET\" \"[0 127.0.0.1:5000]\" \"v\"\r\n");
    private static final String KEPT = String.join("",
            "OK\n",
            "+1795461941.000002 [0 127.0.0.1:50001] \"GET\" \"k\"\r\n",
            "+1795461941.000004 [0 lua] \"GET\" \"k\"\r\n",
            "+1795461941.000006 [12 127.0.0.2:5000] \"INFO\"\r\n",
            "+1795461941.000007 [0 127.0.0.1:500] \"SET\" \"[0 127.0.0.1:5000]\" \"v\"\r\n");

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 50, 1 << 16})
    void own_sources_are_dropped_from_the_stream_and_the_saved_capture(int chunk) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             RedisConnection c = RedisConnection.open(new RedisUrl(false, "127.0.0.1", server.getLocalPort(), null, null,
                     0), new TlsOptions(null, false), Duration.ofSeconds(2), Duration.ofSeconds(2));
             Socket accepted = server.accept()) {
            ByteArrayOutputStream save = new ByteArrayOutputStream();
            MonitorSource source = new MonitorSource(c, new ByteArrayInputStream(RAW.getBytes(StandardCharsets.US_ASCII)),
                    Duration.ofMinutes(1).toNanos(), save);
            source.ignoreSources(List.of("127.0.0.1:5000", "[::1]:6000", "/tmp/redis.sock:0"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] b = new byte[chunk];
            for (int n; (n = source.read(b, 0, chunk)) >= 0; ) {
                out.write(b, 0, n);
            }
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(KEPT);
            assertThat(save.toString(StandardCharsets.US_ASCII)).isEqualTo(KEPT.replace("\r\n+", "\n").replace("\r\n", "\n")
                    .replace("OK\n+", "OK\n"));
            assertThat(source.ownLines()).isEqualTo(3);
            assertThat(source.lines()).isEqualTo(4);
        }
    }

    @Test
    void without_own_sources_every_line_goes_on() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             RedisConnection c = RedisConnection.open(new RedisUrl(false, "127.0.0.1", server.getLocalPort(), null, null,
                     0), new TlsOptions(null, false), Duration.ofSeconds(2), Duration.ofSeconds(2));
             Socket accepted = server.accept()) {
            MonitorSource source = new MonitorSource(c, new ByteArrayInputStream(RAW.getBytes(StandardCharsets.US_ASCII)),
                    Duration.ofMinutes(1).toNanos(), null);
            source.ignoreSources(List.of("unix:/tmp/redis.sock", "/tmp/redis.sock:0"));
            String all = new String(source.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(all).isEqualTo("OK\n" + RAW);
            assertThat(source.ownLines()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 1 << 16})
    void a_line_longer_than_the_buffer_goes_on_whole_and_the_lines_after_it_are_still_told_apart(int chunk)
            throws IOException {
        String page = "x".repeat(150_000); // a cached HTML page: over twice the 64 KiB buffer
        String raw = "+1795461941.000001 [0 127.0.0.1:50001] \"SET\" \"page:home\" \"" + page + "\"\r\n"
                + "+1795461941.000002 [0 127.0.0.1:5000] \"INFO\"\r\n"
                + "+1795461941.000003 [0 127.0.0.1:50001] \"GET\" \"page:home\"\r\n";
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             RedisConnection c = RedisConnection.open(new RedisUrl(false, "127.0.0.1", server.getLocalPort(), null, null,
                     0), new TlsOptions(null, false), Duration.ofSeconds(2), Duration.ofSeconds(2));
             Socket accepted = server.accept()) {
            ByteArrayOutputStream save = new ByteArrayOutputStream();
            MonitorSource source = new MonitorSource(c, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)),
                    Duration.ofMinutes(1).toNanos(), save);
            source.ignoreSources(List.of("127.0.0.1:5000"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] b = new byte[chunk];
            for (int n; (n = source.read(b, 0, chunk)) >= 0; ) {
                out.write(b, 0, n);
            }
            String kept = "+1795461941.000001 [0 127.0.0.1:50001] \"SET\" \"page:home\" \"" + page + "\"\r\n"
                    + "+1795461941.000003 [0 127.0.0.1:50001] \"GET\" \"page:home\"\r\n";
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("OK\n" + kept);
            assertThat(save.toString(StandardCharsets.US_ASCII)).isEqualTo("OK\n" + kept.replace("\r\n+", "\n")
                    .replace("\r\n", "\n").substring(1));
            assertThat(source.lines()).isEqualTo(2);
            assertThat(source.ownLines()).isEqualTo(1);
        }
    }
}
