package dev.stampededoctor.cli.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared connection against a small RESP server on loopback that answers GET k with the bulk
 * string k (ERR for keys starting "bad", nil for "nil…"), answers nothing to BLOCK, and closes the
 * connection on QUIT-NOW. Every test is bounded.
 */
@Timeout(30)
class RedisMultiplexerTest {
    private final ServerSocket server = serverSocket();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile CountDownLatch holdFirstReply = new CountDownLatch(0);
    private final Thread acceptor = new Thread(this::serve, "fake-redis");

    private static ServerSocket serverSocket() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        pool.shutdownNow();
        acceptor.join(5_000);
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private RedisMultiplexer connect(Duration timeout) throws IOException {
        acceptor.setDaemon(true);
        if (!acceptor.isAlive()) {
            acceptor.start();
        }
        RedisConnection c = RedisConnection.open(RedisUrl.parse("redis://127.0.0.1:" + server.getLocalPort()),
                new TlsOptions(null, false), Duration.ofSeconds(5), timeout);
        return new RedisMultiplexer(c, "test", timeout);
    }

    @Test
    void concurrent_callers_each_get_their_own_reply_over_one_connection() throws Exception {
        try (RedisMultiplexer m = connect(Duration.ofSeconds(10))) {
            int threads = 16;
            int each = 200;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        String key = "k" + id + ":" + i;
                        if (i % 10 == 0) {
                            List<Object> two = m.pipeline(List.of(RedisCommands.bytes("GET", key + "a"),
                                    RedisCommands.bytes("GET", key + "b")));
                            assertThat(new String((byte[]) two.get(0), StandardCharsets.UTF_8)).isEqualTo(key + "a");
                            assertThat(new String((byte[]) two.get(1), StandardCharsets.UTF_8)).isEqualTo(key + "b");
                        } else {
                            assertThat(new String((byte[]) m.call("GET", key), StandardCharsets.UTF_8)).isEqualTo(key);
                        }
                        ok++;
                    }
                    return ok;
                }));
            }
            start.countDown();
            for (Future<Integer> f : results) {
                assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(each);
            }
            assertThat(connections.get()).isEqualTo(1);
        }
    }

    @Test
    void callers_do_not_wait_for_each_others_replies_before_writing() throws Exception {
        holdFirstReply = new CountDownLatch(1);
        try (RedisMultiplexer m = connect(Duration.ofSeconds(10))) {
            List<Future<Object>> gets = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String key = "herd" + t;
                gets.add(pool.submit(() -> m.call("GET", key)));
            }
            // All eight GETs reach the server while the first reply is still held back: a lock around
            // a blocking call would let only one through.
            long deadline = System.currentTimeMillis() + 5_000;
            while (commandsRead.get() < 8 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(commandsRead.get()).as("commands on the wire before any reply").isEqualTo(8);
            holdFirstReply.countDown();
            for (Future<Object> f : gets) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(byte[].class);
            }
        }
    }

    @Test
    void an_error_reply_goes_to_its_caller_only_and_nil_is_null() throws Exception {
        try (RedisMultiplexer m = connect(Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> m.call("GET", "bad1")).isInstanceOf(RedisReplyException.class)
                    .hasMessageContaining("GET").hasMessageContaining("ERR bad key");
            assertThat(m.call("GET", "nil1")).isNull();
            List<Object> replies = m.pipeline(List.of(RedisCommands.bytes("GET", "bad2"), RedisCommands.bytes("GET", "ok")));
            assertThat(replies.get(0)).isInstanceOf(RedisError.class);
            assertThat(new String((byte[]) replies.get(1), StandardCharsets.UTF_8)).isEqualTo("ok");
            assertThat(new String((byte[]) m.call("GET", "after"), StandardCharsets.UTF_8)).isEqualTo("after");
        }
    }

    @Test
    void a_connection_closed_by_the_server_fails_every_waiting_caller_and_later_calls() throws Exception {
        try (RedisMultiplexer m = connect(Duration.ofSeconds(20))) {
            List<Future<Object>> blocked = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                blocked.add(pool.submit(() -> m.call("BLOCK")));
            }
            long deadline = System.currentTimeMillis() + 5_000;
            while (commandsRead.get() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            Future<Object> quit = pool.submit(() -> m.call("QUIT-NOW"));
            for (Future<Object> f : blocked) {
                assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> quit.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
            assertThatThrownBy(() -> m.call("GET", "k")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void close_fails_the_waiting_callers_instead_of_leaving_them_hanging() throws Exception {
        RedisMultiplexer m = connect(Duration.ofSeconds(20));
        Future<Object> waiting = pool.submit(() -> m.call("BLOCK"));
        long deadline = System.currentTimeMillis() + 5_000;
        while (commandsRead.get() < 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        long t0 = System.nanoTime();
        m.close();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("closed");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
        assertThatThrownBy(() -> m.call("GET", "k")).isInstanceOf(IOException.class);
    }

    @Test
    void a_reply_that_never_comes_times_out_and_fails_the_connection() throws Exception {
        try (RedisMultiplexer m = connect(Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> m.call("BLOCK")).isInstanceOf(IOException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
            assertThatThrownBy(() -> m.call("GET", "k")).isInstanceOf(IOException.class);
        }
    }

    // ------------------------------------------------------------------ the fake server

    private final AtomicInteger commandsRead = new AtomicInteger();

    private void serve() {
        try {
            while (!server.isClosed()) {
                Socket s = server.accept();
                connections.incrementAndGet();
                pool.submit(() -> handle(s));
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Reads commands on one thread (counting them as they arrive) and answers them in order on another. */
    private Void handle(Socket s) {
        java.util.concurrent.BlockingQueue<List<String>> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        pool.submit(() -> {
            try (InputStream in = new BufferedInputStream(s.getInputStream())) {
                List<String> command;
                while ((command = readCommand(in)) != null) {
                    commandsRead.incrementAndGet();
                    queue.add(command);
                }
            } catch (IOException e) {
                // closed
            }
            queue.add(List.of("EOF"));
            return null;
        });
        try (s; OutputStream out = s.getOutputStream()) {
            boolean first = true;
            while (true) {
                List<String> command = queue.take();
                String name = command.get(0);
                if (name.equals("QUIT-NOW") || name.equals("EOF")) {
                    return null;
                }
                if (name.equals("BLOCK")) {
                    continue; // never answered
                }
                if (first) {
                    first = false;
                    holdFirstReply.await(10, TimeUnit.SECONDS);
                }
                String key = command.size() > 1 ? command.get(1) : "";
                String reply;
                if (key.startsWith("bad")) {
                    reply = "-ERR bad key\r\n";
                } else if (key.startsWith("nil")) {
                    reply = "$-1\r\n";
                } else {
                    byte[] k = key.getBytes(StandardCharsets.UTF_8);
                    reply = "$" + k.length + "\r\n" + key + "\r\n";
                }
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the test is over
        }
        return null;
    }

    private static List<String> readCommand(InputStream in) throws IOException {
        String header = line(in);
        if (header == null) {
            return null;
        }
        int n = Integer.parseInt(header.substring(1));
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = Integer.parseInt(line(in).substring(1));
            byte[] b = in.readNBytes(len);
            in.readNBytes(2);
            args.add(new String(b, StandardCharsets.UTF_8));
        }
        return args;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                return null;
            }
            b.append((char) c);
        }
        in.read();
        return b.toString();
    }
}
