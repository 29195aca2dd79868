package dev.stampededoctor.cli.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unix-socket wire against a real listening socket that answers only when told: its timeouts
 * behave as a TCP socket's do (a read that times out leaves the wire usable, an interrupt does not
 * end a wait, close from another thread does), and a peer that reads nothing stops a write.
 */
class UnixSocketWireTest {
    @TempDir
    Path dir;

    private ServerSocketChannel server;
    private SocketChannel peer;
    private UnixSocketWire wire;

    @BeforeEach
    void connect() throws IOException {
        Path path = dir.resolve("s.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        wire = UnixSocketWire.open(path, Duration.ofSeconds(2), Duration.ofMillis(300));
        peer = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        wire.close();
        peer.close();
        server.close();
    }

    @Test
    void a_read_times_out_after_the_read_timeout_and_the_wire_still_reads() throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> wire.in().read(new byte[16])).isInstanceOf(SocketTimeoutException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(280L, 2_000L);
        peer.write(ByteBuffer.wrap("+OK\r\n".getBytes()));
        byte[] b = new byte[16];
        assertThat(wire.in().read(b)).isEqualTo(5);
        wire.readTimeout(Duration.ofMillis(50));
        start = System.nanoTime();
        assertThatThrownBy(() -> wire.in().read(b)).isInstanceOf(SocketTimeoutException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(280L);
    }

    @Test
    void an_interrupt_does_not_end_the_wait_and_is_kept() throws Exception {
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> wire.in().read(new byte[16])).isInstanceOf(SocketTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(280L);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void close_from_another_thread_ends_a_waiting_read_at_once() throws Exception {
        wire.readTimeout(Duration.ofSeconds(30));
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                wire.in().read(new byte[16]);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(200);
        long start = System.nanoTime();
        wire.close();
        assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                .isNotInstanceOf(SocketTimeoutException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000L);
    }

    @Test
    void a_peer_that_reads_nothing_stops_a_write_within_the_timeout() {
        byte[] chunk = new byte[1 << 20];
        long start = System.nanoTime();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1_000; i++) {
                wire.out().write(chunk); // the socket buffers hold a few hundred KB at most
            }
        }).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("Write timed out");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(280L, 3_000L);
    }

    @Test
    void the_address_is_the_servers_path_as_monitor_names_a_unix_client() {
        assertThat(wire.localAddress()).isEqualTo("unix:" + dir.resolve("s.sock"));
    }
}
