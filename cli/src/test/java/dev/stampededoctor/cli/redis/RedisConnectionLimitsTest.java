package dev.stampededoctor.cli.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A peer that is not the Redis we asked (a wrong port, a broken proxy) cannot hold a read open
 * forever or make the tool allocate what it announces: each reply is bounded in time and size.
 */
class RedisConnectionLimitsTest {

    @Test
    void a_reply_trickled_a_byte_at_a_time_fails_within_the_read_timeout() throws Exception {
        try (Peer peer = new Peer(out -> {
            out.write('+');
            for (int i = 0; i < 40; i++) { // 8 s in all, each wait well under the read timeout
                out.write('A');
                out.flush();
                Thread.sleep(200);
            }
        })) {
            RedisConnection c = peer.connect(Duration.ofSeconds(1));
            long started = System.nanoTime();
            assertThatThrownBy(() -> c.call("PING")).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("part of a reply");
            assertThat((System.nanoTime() - started) / 1e9).as("seconds").isLessThan(3);
            c.close();
        }
    }

    @Test
    void an_announced_two_gigabyte_bulk_string_is_refused_before_anything_is_allocated() throws Exception {
        try (Peer peer = new Peer(out -> out.write("$2000000000\r\n".getBytes(StandardCharsets.US_ASCII)))) {
            RedisConnection c = peer.connect(Duration.ofSeconds(5));
            assertThatThrownBy(() -> c.call("GET", "k")).isInstanceOf(IOException.class)
                    .hasMessageContaining("announced a reply of 2000000000 bytes");
            c.close();
        }
    }

    @Test
    void an_endless_status_line_is_cut_off_at_a_mebibyte() throws Exception {
        byte[] chunk = "A".repeat(64 << 10).getBytes(StandardCharsets.US_ASCII);
        try (Peer peer = new Peer(out -> {
            out.write('+');
            for (int i = 0; i < 64; i++) { // 4 MiB, never a line end
                out.write(chunk);
            }
        })) {
            RedisConnection c = peer.connect(Duration.ofSeconds(5));
            assertThatThrownBy(() -> c.call("PING")).isInstanceOf(IOException.class)
                    .hasMessageContaining("a reply line of over 1048576 characters");
            c.close();
        }
    }

    @Test
    void a_service_that_answers_ok_to_everything_is_told_from_redis_at_its_first_info() throws Exception {
        try (Peer peer = new Peer(out -> out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII)))) {
            RedisConnection c = peer.connect(Duration.ofSeconds(5));
            assertThatThrownBy(() -> ServerInfo.read(c, "default")).isInstanceOf(IOException.class)
                    .hasMessage("the server does not answer INFO as Redis does ('OK'): is this Redis?");
            c.close();
        }
    }

    /** A loopback peer that answers the first command with {@code reply}'s bytes. */
    private static final class Peer implements AutoCloseable {
        interface Reply {
            void write(OutputStream out) throws Exception;
        }

        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final Thread thread;

        Peer(Reply reply) throws IOException {
            thread = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[256]);
                    reply.write(s.getOutputStream());
                    s.getOutputStream().flush();
                } catch (Exception e) {
                    // the client gave up, as it should
                }
            }, "peer");
            thread.setDaemon(true);
            thread.start();
        }

        RedisConnection connect(Duration readTimeout) throws IOException {
            return RedisConnection.open(new RedisUrl(false, "127.0.0.1", server.getLocalPort(), null, null, 0),
                    new TlsOptions(null, false), Duration.ofSeconds(2), readTimeout);
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.interrupt();
            thread.join(10_000);
        }
    }
}
