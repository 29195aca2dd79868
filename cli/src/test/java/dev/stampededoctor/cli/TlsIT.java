package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} for real: the test Redis behind a TLS-terminating proxy (a JDK
 * {@code SSLServerSocket} with a certificate keytool makes), so the test needs nothing beyond a
 * JDK and works whether or not the Redis build has TLS.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private RedisServerHandle redis;
    private SSLServerSocket server;
    private Path caPem;

    @BeforeAll
    void tlsProxy(RedisServerHandle redis) throws Exception {
        this.redis = redis;
        Path keystore = dir.resolve("server.p12");
        caPem = dir.resolve("server.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "redis", "-keystore", keystore.toString(), "-storepass",
                "changeit", "-file", caPem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket();
                    upstream.connect(new InetSocketAddress(redis.host(), redis.port()), 5_000);
                    pump(client.getInputStream(), upstream.getOutputStream(), client, upstream);
                    pump(upstream.getInputStream(), client.getOutputStream(), client, upstream);
                } catch (IOException e) {
                    // closed at the end of the class, or a client that failed its handshake
                }
            }
        }, "tls-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pump(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[1 << 14];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }, "tls-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", List.of(command), output).isZero();
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private String url() {
        return "rediss://localhost:" + server.getLocalPort() + (redis.db() == 0 ? "" : "/" + redis.db());
    }

    @Test
    void check_and_scan_work_over_tls_with_the_ca_file_and_refuse_an_untrusted_certificate() throws Exception {
        CliRun trusted = CliRun.of("check", "--redis", url(), "--cacert", caPem.toString(), "-f", "json");
        assertThat(trusted.exitCode()).as("%s", trusted).isEqualTo(ExitCode.OK);
        assertThat(JSON.readTree(trusted.out()).path("checks").get(0).path("detail").asText()).contains("rediss://");

        CliRun untrusted = CliRun.of("check", "--redis", url());
        assertThat(untrusted.exitCode()).isEqualTo(ExitCode.CONNECTION);
        assertThat(untrusted.err().lines()).hasSize(1);
        assertThat(untrusted.err()).contains("TLS with Redis at rediss://localhost:");

        assertThat(CliRun.of("check", "--redis", url(), "--insecure").exitCode()).isEqualTo(ExitCode.OK);

        AtomicReference<CliRun> scan = new AtomicReference<>();
        Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", url(), "--cacert", caPem.toString(),
                "--duration", "2s", "--format", "json")));
        scanner.start();
        Thread.sleep(700);
        try (RespClient c = redis.connect()) {
            for (int i = 0; i < 10; i++) {
                c.call("SET", "it:tls:" + i, "v");
            }
        }
        scanner.join(20_000);
        CliRun run = scan.get();
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.OK);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("input").path("parsed").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(report.path("live").path("redis").asText()).startsWith("rediss://localhost:");
    }
}
