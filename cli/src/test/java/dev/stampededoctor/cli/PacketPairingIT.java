package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real packets where pairing each reply with its request is not the plain first in first out:
 * a pooled connection back from pub/sub, a RESP3 subscriber that also reads, a SELECT the server
 * refused, and a connection whose blocked pop the capture joined. The truth is what the clients'
 * replies said.
 */
@ExtendWith(RealServers.class)
class PacketPairingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READERS = 8;

    @TempDir
    Path dir;

    /** Jedis hands a connection that subscribed, once unsubscribed, back to its pool: its next GETs are cache reads. */
    @Test
    void connections_back_from_pub_sub_are_read_again(RedisServerHandle redis) throws Exception {
        String key = "pairit:pooled:" + System.nanoTime();
        Path pcap = dir.resolve("pooled.pcap");
        int misses = captured(redis, pcap, 0, (writer, readers) -> {
            for (RespClient c : readers) {
                assertThat(c.call("SUBSCRIBE", "news", "alerts")).isInstanceOf(List.class);
                c.readReply(); // the second channel's confirmation
                c.call("UNSUBSCRIBE");
                c.readReply();
            }
            writer.callForOk("SET", key, "v", "EX", "60");
            int hits = readers.size() - readThenRebuild(key, readers);
            assertThat(hits).isEqualTo(READERS);
            assertThat(writer.call("DEL", key)).isEqualTo(1L);
            return readThenRebuild(key, readers);
        });
        assertThat(misses).isEqualTo(READERS);
        JsonNode report = analyze(redis, pcap, 1);
        assertThat(readsAndMisses(report, "pairit:pooled:*")).containsExactly(2L * READERS, (long) misses);
        assertThat(events(report)).containsExactly("invalidation-stampede DEL db 0 rebuilds " + misses);
    }

    /** In RESP3 a subscriber may read too; its subscription's confirmations are pushes, not replies. */
    @Test
    void a_resp3_subscribers_reads_pair_with_their_own_replies(RedisServerHandle redis) throws Exception {
        String run = Long.toString(System.nanoTime());
        Path pcap = dir.resolve("resp3.pcap");
        long hits = 0;
        long absentMisses = 0;
        try (RespClient c = redis.connect()) {
            for (int i = 0; i < 5; i++) {
                c.callForOk("SET", "present:" + run + ":" + i, "v", "EX", "60");
            }
        }
        try (Tcpdump tcpdump = Tcpdump.start(pcap, "tcp", "port", String.valueOf(redis.port()))) {
            try (Socket s = socket(redis)) {
                exchange(s, "HELLO", "3");
                assertThat(exchange(s, "SUBSCRIBE", "news")).startsWith(">3");
                for (int i = 0; i < 5; i++) {
                    hits += exchange(s, "GET", "present:" + run + ":" + i).startsWith("$") ? 1 : 0;
                    absentMisses += exchange(s, "GET", "absent:" + run + ":" + i).startsWith("_") ? 1 : 0;
                }
                Thread.sleep(300);
            }
            tcpdump.stop();
        }
        assertThat(hits).isEqualTo(5);
        assertThat(absentMisses).isEqualTo(5);
        JsonNode report = analyze(redis, pcap, 0);
        assertThat(readsAndMisses(report, "present:*:*")).containsExactly(5L, 0L);
        assertThat(readsAndMisses(report, "absent:*:*")).containsExactly(5L, absentMisses);
    }

    /** SELECT 99 is refused: the DEL behind it ran in db 0, and the stampede it caused is that DEL's. */
    @Test
    void a_refused_select_leaves_the_commands_behind_it_in_their_db(RedisServerHandle redis) throws Exception {
        String key = "pairit:select:" + System.nanoTime();
        Path pcap = dir.resolve("select.pcap");
        int misses = captured(redis, pcap, 0, (writer, readers) -> {
            writer.callForOk("SET", key, "v", "EX", "60");
            readThenRebuild(key, readers);
            assertThat(writer.call("SELECT", "99")).isInstanceOf(RespClient.Error.class);
            assertThat(writer.call("DEL", key)).as("db 0's key").isEqualTo(1L);
            return readThenRebuild(key, readers);
        });
        JsonNode report = analyze(redis, pcap, 1);
        assertThat(events(report)).containsExactly("invalidation-stampede DEL db 0 rebuilds " + misses);
    }

    /**
     * The capture joins a connection whose BLPOP is blocked: its nil comes after the capture began,
     * ahead of the replies to what the connection sends next. Taken first in first out from the
     * connection's first captured request, each reply was one request off and a hit became a miss.
     */
    @Test
    void a_blocked_pop_the_capture_joined_gives_its_late_reply_to_no_read(RedisServerHandle redis) throws Exception {
        String run = Long.toString(System.nanoTime());
        Path pcap = dir.resolve("blocked.pcap");
        try (RespClient c = redis.connect()) {
            c.callForOk("SET", "present:" + run, "v", "EX", "60");
        }
        long presentHits = 0;
        try (Socket s = socket(redis)) {
            send(s, "BLPOP", "queue:" + run, "1"); // blocked before the capture starts
            try (Tcpdump tcpdump = Tcpdump.start(pcap, "tcp", "port", String.valueOf(redis.port()))) {
                send(s, "GET", "absent:" + run);
                send(s, "BLPOP", "queue:" + run, "1");
                List<String> replies = readReplies(s, 3); // the two pops' nils and the GET's
                assertThat(replies).containsExactly("*-1", "$-1", "*-1");
                for (int i = 0; i < 3; i++) {
                    presentHits += exchange(s, "GET", "present:" + run).startsWith("$1") ? 1 : 0;
                }
                Thread.sleep(300);
                tcpdump.stop();
            }
        }
        assertThat(presentHits).isEqualTo(3);
        JsonNode report = analyze(redis, pcap, 0);
        assertThat(readsAndMisses(report, "present:*")).containsExactly(3L, 0L);
        assertThat(report.at("/input/files/0/packets/pairingFailures").asLong()).isZero();
    }

    /**
     * tcpdump -s 200 keeps 134 bytes of each packet's payload here: the values of the readers'
     * SETEX and of the hits' replies are cut. Their lengths are known, so only the values' tails
     * are lost, not the commands nor the pairing of the replies.
     */
    @Test
    void values_cut_by_the_snap_length_lose_only_their_tails(RedisServerHandle redis) throws Exception {
        String key = "pairit:snap:" + System.nanoTime();
        String value = "x".repeat(1_000);
        Path pcap = dir.resolve("snap.pcap");
        int misses = captured(redis, pcap, 200, (writer, readers) -> {
            writer.callForOk("SETEX", key, "60", value);
            for (RespClient c : readers) {
                assertThat(c.call("GET", key)).isInstanceOf(byte[].class).matches(b -> ((byte[]) b).length == 1_000);
            }
            assertThat(writer.call("DEL", key)).isEqualTo(1L);
            int missed = 0;
            for (RespClient c : readers) {
                missed += c.call("GET", key) == null ? 1 : 0;
            }
            sleep(30);
            for (RespClient c : readers) {
                c.callForOk("SETEX", key, "60", value);
            }
            return missed;
        });
        assertThat(misses).isEqualTo(READERS);
        JsonNode report = analyze(redis, pcap, 1);
        JsonNode packets = report.at("/input/files/0/packets");
        assertThat(packets.path("truncatedPackets").asLong()).as("the snap length cut packets").isGreaterThan(READERS);
        assertThat(packets.path("replied").asLong()).isEqualTo(packets.path("commands").asLong());
        assertThat(readsAndMisses(report, "pairit:snap:*")).containsExactly(2L * READERS, (long) READERS);
        assertThat(report.at("/stats/fills").asLong()).isEqualTo(READERS + 1L);
        assertThat(events(report)).containsExactly("invalidation-stampede DEL db 0 rebuilds " + READERS);
    }

    /** SET k <1 KB> EX 60 under -s 200: the cut takes EX 60 with the value's tail; the SET is still a rebuild. */
    @Test
    void a_set_whose_options_the_snap_length_cut_is_still_a_rebuild(RedisServerHandle redis) throws Exception {
        String key = "pairit:snapex:" + System.nanoTime();
        String value = "y".repeat(1_000);
        Path pcap = dir.resolve("snapex.pcap");
        int misses = captured(redis, pcap, 200, (writer, readers) -> {
            writer.callForOk("SET", key, value, "EX", "60");
            readThenRebuild(key, readers);
            assertThat(writer.call("DEL", key)).isEqualTo(1L);
            List<RespClient> missed = new ArrayList<>();
            for (RespClient c : readers) {
                if (c.call("GET", key) == null) {
                    missed.add(c);
                }
            }
            sleep(30);
            for (RespClient c : missed) {
                c.callForOk("SET", key, value, "EX", "60");
            }
            return missed.size();
        });
        assertThat(misses).isEqualTo(READERS);
        JsonNode report = analyze(redis, pcap, 1);
        assertThat(report.at("/stats/fills").asLong()).as("the writer's SET and each rebuild").isEqualTo(READERS + 1L);
        assertThat(readsAndMisses(report, "pairit:snapex:*")).containsExactly(2L * READERS, (long) READERS);
        assertThat(events(report)).containsExactly("invalidation-stampede DEL db 0 rebuilds " + READERS);
    }

    /** Readers that read a key's value and TTL in one MULTI … EXEC: EXEC's array tells each GET's miss. */
    @Test
    void reads_inside_transactions_take_their_replies_from_execs_array(RedisServerHandle redis) throws Exception {
        String key = "pairit:multi:" + System.nanoTime();
        Path pcap = dir.resolve("multi.pcap");
        int misses = captured(redis, pcap, 0, (writer, readers) -> {
            writer.callForOk("SET", key, "v", "EX", "60");
            assertThat(writer.call("DEL", key)).isEqualTo(1L);
            List<RespClient> missed = new ArrayList<>();
            for (RespClient c : readers) {
                c.callForOk("MULTI");
                c.call("GET", key);
                c.call("TTL", key);
                if (((List<?>) c.call("EXEC")).get(0) == null) {
                    missed.add(c);
                }
            }
            sleep(30);
            for (RespClient c : missed) {
                c.callForOk("SET", key, "rebuilt", "EX", "60");
            }
            return missed.size();
        });
        assertThat(misses).isEqualTo(READERS);
        JsonNode report = analyze(redis, pcap, 1);
        assertThat(readsAndMisses(report, "pairit:multi:*")).containsExactly((long) READERS, (long) misses);
        assertThat(events(report)).containsExactly("invalidation-stampede DEL db 0 rebuilds " + misses);
        assertThat(report.at("/events/0/missSource").asText()).as("told by EXEC's replies").isEqualTo("reply");
    }

    private static int captured(RedisServerHandle redis, Path pcap, int snapLength, CapturedTraffic.Traffic traffic)
            throws Exception {
        return CapturedTraffic.capture(redis, pcap, snapLength, READERS, traffic);
    }

    /** Each reader reads {@code key}, then those that missed write it back. Returns the misses they counted. */
    private static int readThenRebuild(String key, List<RespClient> readers) throws IOException {
        List<RespClient> missed = new ArrayList<>();
        for (RespClient c : readers) {
            if (c.call("GET", key) == null) {
                missed.add(c);
            }
        }
        if (!missed.isEmpty()) {
            sleep(30); // each rebuilds from the database
        }
        for (RespClient c : missed) {
            c.callForOk("SET", key, "rebuilt", "EX", "60");
        }
        return missed.size();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode analyze(RedisServerHandle redis, Path pcap, int exitCode) throws IOException {
        CliRun run = CliRun.of("analyze", "--format", "json", "--redis-port", String.valueOf(redis.port()), pcap.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(exitCode);
        return JSON.readTree(run.out());
    }

    private static long[] readsAndMisses(JsonNode report, String pattern) {
        for (JsonNode p : report.at("/stats/patterns")) {
            if (p.path("pattern").asText().equals(pattern)) {
                return new long[] {p.path("reads").asLong(), p.path("misses").asLong()};
            }
        }
        throw new AssertionError("no pattern " + pattern + " in " + report.at("/stats/patterns"));
    }

    private static List<String> events(JsonNode report) {
        List<String> events = new ArrayList<>();
        for (JsonNode e : report.path("events")) {
            events.add(e.path("kind").asText() + " " + e.at("/trigger/command").asText() + " db " + e.path("db").asInt()
                    + " rebuilds " + e.path("rebuilds").asLong());
        }
        return events;
    }

    private static Socket socket(RedisServerHandle redis) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(redis.host(), redis.port()), 5_000);
        s.setSoTimeout(5_000);
        return s;
    }

    private static void send(Socket s, String... args) throws IOException {
        StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        s.getOutputStream().write(b.toString().getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    /** Sends one command and returns its whole reply as text (small replies: one read holds them). */
    private static String exchange(Socket s, String... args) throws IOException {
        send(s, args);
        byte[] buf = new byte[65536];
        int n = s.getInputStream().read(buf);
        if (n < 0) {
            throw new IOException("Redis closed the connection");
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** The first line of each of {@code n} replies of one line or one bulk string. */
    private static List<String> readReplies(Socket s, int n) throws IOException {
        InputStream in = s.getInputStream();
        List<String> firstLines = new ArrayList<>();
        while (firstLines.size() < n) {
            String line = line(in);
            firstLines.add(line);
            if (line.startsWith("$") && !line.equals("$-1")) {
                line(in); // the bulk string's data
            }
        }
        return firstLines;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
