package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.LocalBinaries;
import dev.stampededoctor.cli.servers.RedisProcess;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import dev.stampededoctor.cli.servers.StartedServer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * check, ttl-audit and scan over a unix socket, on a redis-server of each test's own that listens
 * on nothing else ({@code --port 0}): the URL forms and {@code -s}, credentials over the socket,
 * and a stopped server (SIGSTOP) that must end a command within its timeouts rather than hang it.
 */
class UnixSocketIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StartedServer<RedisServerHandle> server;
    private long stoppedPid;

    private Path start(String... options) throws Exception {
        Path binary = LocalBinaries.redisServer().orElseThrow(() -> new AssertionError(
                "the unix-socket tests start a Redis of their own: install redis-server (apt-get install redis-server)"));
        server = RedisProcess.startOnUnixSocketOnly(binary, List.of(options));
        return server.handle().unixSocket();
    }

    @AfterEach
    void resumeAndStop() throws Exception {
        if (stoppedPid > 0) {
            signal(stoppedPid, "CONT");
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void check_over_the_socket_shows_the_socket_as_the_target() throws Exception {
        Path socket = start();
        CliRun run = CliRun.of("check", "--redis", "unix://" + socket, "-f", "json");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.OK);
        JsonNode result = JSON.readTree(run.out());
        assertThat(result.path("target").path("redis").get(0).asText()).isEqualTo("unix://" + socket);
        assertThat(result.path("checks").toString()).contains("at unix://" + socket);
        // Packets are TCP: scan --source tcpdump refuses a socket, and check says so instead of "can run".
        assertThat(result.path("checks").toString()).contains("not over a unix socket");

        CliRun metrics = CliRun.of("check", "-s", socket.toString(), "-n", "2", "-f", "openmetrics");
        assertThat(metrics.exitCode()).as("%s", metrics).isEqualTo(ExitCode.OK);
        assertThat(metrics.out()).contains("target=\"unix://" + socket + "?db=2\"");
    }

    @Test
    void ttl_audit_over_the_socket_counts_the_keys_written_there() throws Exception {
        Path socket = start();
        try (RespClient c = RespClient.unix(socket)) {
            assertThat(c.call("SELECT", "3")).isEqualTo("OK");
            for (int i = 0; i < 120; i++) {
                c.call("SET", "session:" + i, "v", "EX", "600");
            }
        }
        CliRun run = CliRun.of("ttl-audit", "--redis", "redis-socket://" + socket + "?database=3", "-f", "json");
        assertThat(run.exitCode()).as("%s", run).isIn(ExitCode.OK, ExitCode.FOUND);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("scanned").asLong()).isEqualTo(120);
        assertThat(report.path("target").path("redis").get(0).asText()).isEqualTo("unix://" + socket + "?db=3");
        // The same db through -s and -n, and db 0 is empty.
        CliRun alias = CliRun.of("ttl-audit", "-s", socket.toString(), "-n", "3", "-f", "json");
        assertThat(JSON.readTree(alias.out()).path("scanned").asLong()).as("%s", alias).isEqualTo(120);
        CliRun other = CliRun.of("ttl-audit", "--redis", "unix://" + socket, "-f", "json");
        assertThat(JSON.readTree(other.out()).path("scanned").asLong()).as("%s", other).isZero();
    }

    @Test
    void scan_over_the_socket_sees_the_gets_a_client_sends_over_it() throws Exception {
        Path socket = start();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread client = new Thread(() -> {
            try (RespClient c = RespClient.unix(socket)) {
                while (running.get()) {
                    c.call("GET", "product:" + sent.getAndIncrement() % 5);
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                // the test ends it
            }
        }, "unix-client");
        client.setDaemon(true);
        client.start();
        CliRun run;
        try {
            run = CliRun.of("scan", "--redis", "unix://" + socket, "--duration", "2s", "-f", "json");
        } finally {
            running.set(false);
            client.join(5_000);
        }
        assertThat(run.exitCode()).as("%s", run).isIn(ExitCode.OK, ExitCode.FOUND);
        assertThat(run.err()).contains("reading MONITOR of unix://" + socket);
        JsonNode report = JSON.readTree(run.out());
        long reads = 0;
        for (JsonNode p : report.path("stats").path("patterns")) {
            if (p.path("pattern").asText().startsWith("product:")) {
                reads += p.path("reads").asLong();
            }
        }
        assertThat(reads).as("GETs seen of %d sent", sent.get()).isGreaterThan(50).isLessThanOrEqualTo(sent.get());
        assertThat(report.path("live").path("redis").asText()).isEqualTo("unix://" + socket);
        assertThat(report.path("live").path("stoppedBy").asText()).isEqualTo("duration");
    }

    @Test
    void a_password_reaches_redis_over_the_socket_in_each_form() throws Exception {
        Path socket = start("--requirepass", "s3cret");
        CliRun noPassword = CliRun.of("scan", "-s", socket.toString(), "--duration", "1s");
        assertThat(noPassword.exitCode()).as("%s", noPassword).isEqualTo(ExitCode.CONNECTION);
        assertThat(noPassword.err()).contains("NOAUTH", "this Redis needs a password: the URL's, --pass or REDISCLI_AUTH");
        CliRun flag = CliRun.of("check", "-s", socket.toString(), "-a", "s3cret", "-f", "json");
        assertThat(flag.exitCode()).as("%s", flag).isEqualTo(ExitCode.OK);
        assertThat(flag.err().lines()).as("%s", flag).hasSize(1);
        assertThat(flag.err()).contains("warning", "-a").doesNotContain("s3cret");
        CliRun quiet = CliRun.of("check", "-s", socket.toString(), "-a", "s3cret", "--no-auth-warning", "-f", "json");
        assertThat(quiet.err()).as("%s", quiet).isEmpty();
        for (String url : List.of("unix://:s3cret@" + socket, "unix://" + socket + "?password=s3cret",
                "unix://default:s3cret@" + socket)) {
            CliRun run = CliRun.of("check", "--redis", url, "-f", "json");
            assertThat(run.exitCode()).as("%s: %s", url, run).isEqualTo(ExitCode.OK);
            assertThat(run.out() + run.err()).doesNotContain("s3cret");
        }
        // Without one, the checks themselves are refused (as over TCP): exit 1, each refusal named.
        CliRun none = CliRun.of("check", "-s", socket.toString(), "-f", "json");
        assertThat(none.exitCode()).as("%s", none).isEqualTo(ExitCode.FOUND);
        assertThat(none.out()).contains("NOAUTH");
    }

    @Test
    void a_stopped_server_on_the_socket_fails_within_the_read_timeout() throws Exception {
        Path socket = start();
        stop(socket);
        for (List<String> args : List.of(List.of("check", "-f", "json"), List.of("ttl-audit", "-f", "json"),
                List.of("scan", "--duration", "5s", "-f", "json"))) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("--redis", "unix://" + socket, "--timeout", "1s"));
            long start = System.nanoTime();
            CliRun run = CliRun.of(all.toArray(String[]::new));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.CONNECTION);
            assertThat(run.err().lines()).as("%s", run).hasSize(1);
            assertThat(run.err()).as("%s", run).contains("timed out");
            // 1 s of timeout (and a loaded machine's slack); not the 10 s default, not for ever.
            assertThat(millis).as("%s took %d ms: %s", args.get(0), millis, run).isBetween(900L, 5_000L);
        }
    }

    @Test
    void a_stopped_server_whose_backlog_is_full_fails_within_the_connect_timeout() throws Exception {
        Path socket = start("--tcp-backlog", "1");
        stop(socket);
        // A stopped server accepts nothing: a few connections fill the backlog, and the next blocks.
        List<SocketChannel> held = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.configureBlocking(false);
                try {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    held.add(ch);
                } catch (java.io.IOException full) {
                    ch.close();
                    break;
                }
            }
            long start = System.nanoTime();
            CliRun run = CliRun.of("check", "--redis", "unix://" + socket, "--connect-timeout", "1s", "-f", "json");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.CONNECTION);
            assertThat(run.err()).as("%s", run).contains("no answer within 1000 ms");
            assertThat(millis).as("%d ms: %s", millis, run).isBetween(900L, 5_000L);
        } finally {
            for (SocketChannel ch : held) {
                ch.close();
            }
        }
    }

    @Test
    void what_needs_a_tcp_port_refuses_a_socket_in_one_usage_line() throws Exception {
        Path socket = start();
        for (String[] args : new String[][] {{"scan", "-s", socket.toString(), "--source", "tcpdump"},
                {"scan", "--redis", "unix://" + socket, "--tcpdump", "tcp port 6379"},
                {"check", "--redis", "unix://" + socket, "--tls"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.USAGE);
            assertThat(run.err().lines()).as("%s", run).hasSize(1);
            assertThat(run.err()).as("%s", run).contains("unix socket");
        }
    }

    private void stop(Path socket) throws Exception {
        try (RespClient c = RespClient.unix(socket)) {
            String info = c.callForText("INFO", "server");
            stoppedPid = Long.parseLong(info.lines().filter(l -> l.startsWith("process_id:")).findFirst().orElseThrow()
                    .substring("process_id:".length()).strip());
        }
        signal(stoppedPid, "STOP");
    }

    private static void signal(long pid, String name) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).start().waitFor()).isZero();
    }
}
