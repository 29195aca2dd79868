package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real packets of the connections that are not the plain case: one the capture joins after it
 * started, one over IPv6, one speaking RESP3 (nil is {@code _}), and a TLS handshake, which cannot
 * be read and is counted as such. Each asks for five keys that are not there: five exact misses.
 */
@ExtendWith(RealServers.class)
class PacketEdgeCasesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MISSES = 5;

    @TempDir
    Path dir;

    @Test
    void a_connection_joined_mid_stream_ipv6_resp3_and_tls(RedisServerHandle redis) throws Exception {
        Path pcap = dir.resolve("edges.pcap");
        String run = Long.toString(System.nanoTime());
        try (Socket early = connect("127.0.0.1", redis.port())) {
            send(early, "SET", "edge:" + run + ":early", "v"); // before the capture: it joins this connection later
            Thread.sleep(200);
            try (Tcpdump tcpdump = Tcpdump.start(pcap, "tcp", "port", String.valueOf(redis.port()))) {
                for (int i = 0; i < MISSES; i++) {
                    send(early, "GET", "mid:" + run + ":" + i);
                }
                if (redis.ipv6Loopback()) {
                    try (Socket v6 = connect("::1", redis.port())) {
                        for (int i = 0; i < MISSES; i++) {
                            send(v6, "GET", "six:" + run + ":" + i);
                        }
                        Thread.sleep(200);
                    }
                }
                try (Socket resp3 = connect("127.0.0.1", redis.port())) {
                    send(resp3, "HELLO", "3");
                    for (int i = 0; i < MISSES; i++) {
                        send(resp3, "GET", "three:" + run + ":" + i);
                    }
                    Thread.sleep(200);
                }
                tlsHandshake(redis.port());
                Thread.sleep(500);
                tcpdump.stop();
            }
        }
        CliRun analyzed = CliRun.of("analyze", "--format", "json", "--redis-port", String.valueOf(redis.port()),
                pcap.toString());
        assertThat(analyzed.exitCode()).as("%s", analyzed).isIn(0, 1);
        JsonNode report = JSON.readTree(analyzed.out());
        JsonNode packets = report.at("/input/files/0/packets");
        assertThat(packets.path("tlsConnections").asLong()).isEqualTo(1);
        assertThat(packets.path("pairingFailures").asLong()).isZero();

        Map<String, long[]> byPattern = new HashMap<>();
        for (JsonNode p : report.at("/stats/patterns")) {
            byPattern.put(p.path("pattern").asText(), new long[] {p.path("reads").asLong(), p.path("misses").asLong()});
        }
        assertThat(byPattern.get("mid:*:*")).as("joined mid-stream: %s", byPattern).containsExactly(MISSES, MISSES);
        assertThat(byPattern.get("three:*:*")).as("RESP3: %s", byPattern).containsExactly(MISSES, MISSES);
        if (redis.ipv6Loopback()) {
            assertThat(byPattern.get("six:*:*")).as("IPv6: %s", byPattern).containsExactly(MISSES, MISSES);
        }
    }

    private static Socket connect(String host, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5_000);
        s.setSoTimeout(5_000);
        return s;
    }

    /** Sends one command and waits for some reply, so the commands go out one by one as a client's would. */
    private static void send(Socket s, String... args) throws IOException {
        StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        OutputStream out = s.getOutputStream();
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        byte[] reply = new byte[65536];
        if (s.getInputStream().read(reply) < 0) {
            throw new IOException("Redis closed the connection");
        }
    }

    /** A TLS client hello to the plain port: the capture holds a TLS record, which the tool must not read. */
    private static void tlsHandshake(int port) {
        try (Socket s = javax.net.ssl.SSLContext.getDefault().getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(2_000);
            ((javax.net.ssl.SSLSocket) s).startHandshake();
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            // expected: Redis does not speak TLS on this port
        }
    }
}
