package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze} of real packets: tcpdump records loopback while cache-aside clients stampede on
 * a real Redis and MONITOR records the same run. The truth is the clients' own counts; the
 * MONITOR capture of the same run is the reference for the incidents.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PacketCaptureIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServerHandle redis;

    @TempDir
    Path dir;

    @BeforeAll
    void servers(RedisServerHandle redis) {
        this.redis = redis;
    }

    @Test
    void misses_from_replies_match_the_clients_counts_and_the_incidents_match_monitors() throws Exception {
        String key = "pcapit:page:" + System.nanoTime();
        Path pcap = dir.resolve("traffic.pcap");
        Path monitor = dir.resolve("monitor.log");
        StampedeLoad load;
        try (Tcpdump tcpdump = Tcpdump.start(pcap, "tcp", "port", String.valueOf(redis.port()))) {
            try (var c = redis.connect()) {
                c.call("SET", key, "first", "EX", "60"); // cached before the readers start: no cold start
            }
            MonitorRecording recording = MonitorRecording.start(redis, 64 << 20);
            load = new StampedeLoad(redis.host(), redis.port(), key, 8, 700);
            Thread.sleep(3_200);
            load.close();
            Files.write(monitor, recording.stop());
            Thread.sleep(300); // the last replies reach the capture
            tcpdump.stop();
        }
        assertThat(load.misses.get()).as("the load stampeded").isGreaterThanOrEqualTo(8);

        CliRun packets = CliRun.of("analyze", "--format", "json", "--redis-port", String.valueOf(redis.port()),
                pcap.toString());
        CliRun text = CliRun.of("analyze", "--format", "json", monitor.toString());
        assertThat(packets.exitCode()).as(packets.toString()).isEqualTo(1);
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
        JsonNode fromPackets = JSON.readTree(packets.out());
        JsonNode fromMonitor = JSON.readTree(text.out());

        JsonNode file = fromPackets.at("/input/files/0/packets");
        assertThat(file.path("format").asText()).isEqualTo("pcap");
        assertThat(file.path("pairingFailures").asLong()).isZero();
        assertThat(file.path("pubsubConnections").asLong()).as("MONITOR's own connection left out").isEqualTo(1);
        assertThat(file.path("replied").asLong()).isEqualTo(file.path("commands").asLong());

        // Exact misses: what the clients counted, within 1 %.
        long misses = readsAndMisses(fromPackets, key)[1];
        assertThat(misses).isBetween(Math.round(load.misses.get() * 0.99), Math.round(load.misses.get() * 1.01));
        long reads = readsAndMisses(fromPackets, key)[0];
        assertThat(reads).isEqualTo(load.reads.get());

        // The same capture as pcapng, written by Wireshark's editcap: read the same.
        Path pcapng = dir.resolve("traffic.pcapng");
        Process editcap;
        try {
            editcap = new ProcessBuilder("editcap", "-F", "pcapng", pcap.toString(), pcapng.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("editcap is needed to write pcapng: apt-get install wireshark-common", e);
        }
        assertThat(editcap.waitFor()).isZero();
        CliRun fromPcapng = CliRun.of("analyze", "--format", "json", "--redis-port", String.valueOf(redis.port()),
                pcapng.toString());
        JsonNode ng = JSON.readTree(fromPcapng.out());
        assertThat(ng.at("/input/files/0/packets/format").asText()).isEqualTo("pcapng");
        assertThat(readsAndMisses(ng, key)).containsExactly(readsAndMisses(fromPackets, key));
        assertThat(events(ng)).isEqualTo(events(fromPackets));

        // The same incidents and events as MONITOR found, their misses facts.
        try {
            assertThat(kinds(fromPackets)).isEqualTo(kinds(fromMonitor));
            assertThat(events(fromPackets)).isEqualTo(events(fromMonitor)).hasSizeGreaterThanOrEqualTo(3);
        } catch (AssertionError e) {
            keep(pcap, monitor);
            throw e;
        }
        for (JsonNode e : fromPackets.path("events")) {
            if (e.path("key").asText().equals(key)) {
                assertThat(e.path("missSource").asText()).isEqualTo("reply");
            }
        }
        for (JsonNode e : fromMonitor.path("events")) {
            if (e.path("misses").asLong() > 0) {
                assertThat(e.path("missSource").asText()).isEqualTo("inferred");
            }
        }
    }

    /**
     * Redis writes the replies of one turn of its event loop newest client first. A Lua script
     * holds the loop while eight readers' GETs and then a writer's DEL arrive: the next turn runs
     * them as they arrived (the readers hit), and the DEL's reply leaves before theirs. Taken in
     * reply order, the hits came after the DEL and refilled the key, and the readers' misses that
     * follow were a stampede of no known cause; they are the DEL's.
     */
    @Test
    void commands_of_one_turn_of_the_event_loop_go_in_the_order_they_ran_not_as_their_replies_left() throws Exception {
        String key = "pcapit:turn:" + System.nanoTime();
        Path pcap = dir.resolve("turn.pcap");
        int readers = 8;
        int misses = CapturedTraffic.capture(redis, pcap, 0, readers, (writer, clients) -> {
            int missed = 0;
            int hits = 0;
            try (RespClient busy = redis.connect()) {
                writer.call("SET", key, "cached", "EX", "60");
                busy.send(ascii("EVAL"), ascii("local i = 0 while i < 30000000 do i = i + 1 end return i"), ascii("0"));
                Thread.sleep(50); // the script holds the event loop
                for (RespClient c : clients) {
                    c.send(ascii("GET"), ascii(key));
                    Thread.sleep(1); // each readable in turn
                }
                writer.send(ascii("DEL"), ascii(key));
                assertThat(busy.readReply()).isEqualTo(30_000_000L);
            }
            for (RespClient c : clients) {
                if (c.readReply() == null) {
                    missed++;
                } else {
                    hits++;
                }
            }
            assertThat(writer.readReply()).isEqualTo(1L);
            assertThat(hits).as("the GETs ran before the DEL, as they arrived").isEqualTo(readers);
            return missed + missThenRebuild(key, clients); // the DEL's stampede
        });
        assertThat(misses).isEqualTo(readers);
        assertOneDelStampede(pcap, key, 2L * readers, misses);
    }

    /**
     * A GET of a large value runs before a DEL of its key, and its reply (which the reader takes
     * its time to read) ends long after the DEL's. Taken in reply order, the hit came after the
     * DEL and refilled the key, and the stampede that follows had no known cause.
     */
    @Test
    void a_hit_whose_reply_ends_after_the_del_ran_before_it() throws Exception {
        String key = "pcapit:large:" + System.nanoTime();
        Path pcap = dir.resolve("large.pcap");
        int readers = 8;
        int misses = CapturedTraffic.capture(redis, pcap, 0, readers, (writer, clients) -> {
            try (RespClient hitter = redis.connect()) {
                writer.call("SETRANGE", key, String.valueOf((8 << 20) - 1), "x"); // an 8 MiB value
                writer.call("EXPIRE", key, "60");
                hitter.send(ascii("GET"), ascii(key)); // and not read yet: Redis waits to write the rest
                Thread.sleep(50);
                assertThat(writer.call("DEL", key)).isEqualTo(1L);
                Thread.sleep(50);
                assertThat(hitter.readReply()).as("the GET ran before the DEL").isInstanceOf(byte[].class);
            }
            return missThenRebuild(key, clients);
        });
        assertThat(misses).isEqualTo(readers);
        assertOneDelStampede(pcap, key, 1L + readers, misses);
    }

    /**
     * A script deletes the key and the readers stampede. MONITOR shows the script's DEL; packets show
     * only the EVAL, so the stampede's trigger is unknown there, and the diagnosis names the script.
     */
    @Test
    void a_del_inside_a_script_is_named_as_the_likely_trigger_where_packets_cannot_show_it() throws Exception {
        String key = "pcapit:script:" + System.nanoTime();
        Path pcap = dir.resolve("script.pcap");
        Path monitor = dir.resolve("script.monitor.log");
        int readers = 8;
        int misses = CapturedTraffic.capture(redis, pcap, 0, readers, (writer, clients) -> {
            MonitorRecording recording = MonitorRecording.start(redis, 16 << 20);
            writer.callForOk("SET", key, "v", "EX", "60");
            for (RespClient c : clients) {
                assertThat(c.call("GET", key)).isNotNull();
            }
            assertThat(writer.call("EVAL", "return redis.call('DEL', KEYS[1])", "1", key)).isEqualTo(1L);
            int missed = missThenRebuild(key, clients);
            Thread.sleep(100); // MONITOR's last lines arrive
            Files.write(monitor, recording.stop());
            return missed;
        });
        assertThat(misses).isEqualTo(readers);
        CliRun fromMonitor = CliRun.of("analyze", "--format", "json", monitor.toString());
        assertThat(fromMonitor.exitCode()).as("%s", fromMonitor).isEqualTo(1);
        assertThat(events(JSON.readTree(fromMonitor.out()))).containsExactly(
                "invalidation-stampede DEL " + key + " rebuilds " + misses);

        CliRun fromPackets = CliRun.of("analyze", "--format", "json", "--redis-port", String.valueOf(redis.port()),
                pcap.toString());
        assertThat(fromPackets.exitCode()).as("%s", fromPackets).isEqualTo(1);
        JsonNode report = JSON.readTree(fromPackets.out());
        assertThat(readsAndMisses(report, key)).containsExactly(2L * readers, (long) misses);
        assertThat(kinds(report)).containsExactly("unexplained-stampede [\"" + key + "\"]");
        JsonNode diagnoses = report.at("/incidents/0/diagnoses");
        assertThat(diagnoses.toString()).contains("\"script-not-shown\"", "EVAL from 127.0.0.1:")
                .doesNotContain("trigger-not-captured");
    }

    /** Each of {@code readers} reads {@code key}, then each writes it back: the misses they counted. */
    private static int missThenRebuild(String key, List<RespClient> readers) throws java.io.IOException {
        int misses = 0;
        for (RespClient c : readers) {
            if (c.call("GET", key) == null) {
                misses++;
            }
        }
        for (RespClient c : readers) {
            c.callForOk("SET", key, "rebuilt", "EX", "60");
        }
        return misses;
    }

    /** {@code analyze} of the capture counts the clients' reads and misses, and finds one DEL stampede, a rebuild per miss. */
    private void assertOneDelStampede(Path pcap, String key, long reads, int misses) throws Exception {
        CliRun run = CliRun.of("analyze", "--format", "json", "--redis-port", String.valueOf(redis.port()), pcap.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        JsonNode report = JSON.readTree(run.out());
        try {
            assertThat(readsAndMisses(report, key)).containsExactly(reads, misses);
            assertThat(events(report)).containsExactly("invalidation-stampede DEL " + key + " rebuilds " + misses);
        } catch (AssertionError e) {
            keep(pcap);
            throw e;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void scan_reads_the_packets_with_tcpdump_and_its_saved_capture_reproduces_the_report() throws Exception {
        String key = "pcapit:scan:" + System.nanoTime();
        Path save = dir.resolve("saved");
        try (var c = redis.connect()) {
            c.call("SET", key, "first", "EX", "60");
        }
        java.util.concurrent.atomic.AtomicReference<CliRun> scan = new java.util.concurrent.atomic.AtomicReference<>();
        Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", redis.url(), "--source", "tcpdump",
                "--interface", "lo", "--duration", "5s", "--format", "json", "--save", save.toString())), "scan");
        scanner.start();
        Thread.sleep(1_500); // tcpdump listens
        StampedeLoad load = new StampedeLoad(redis.host(), redis.port(), key, 8, 700);
        Thread.sleep(2_300);
        load.close();
        scanner.join(20_000);
        CliRun run = scan.get();
        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.err()).contains("with tcpdump on lo", "costs Redis nothing");
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.at("/live/stoppedBy").asText()).isEqualTo("duration");
        JsonNode packets = report.at("/input/files/0/packets");
        assertThat(packets.path("gaps").asLong()).isZero();
        assertThat(packets.path("replied").asLong()).isEqualTo(packets.path("commands").asLong());
        // The tool's own INFO polling is left out of the capture: only the clients' commands.
        assertThat(report.at("/input/commands").has("INFO")).isFalse();
        assertThat(readsAndMisses(report, key)[1]).isEqualTo(load.misses.get());
        assertThat(readsAndMisses(report, key)[0]).isEqualTo(load.reads.get());
        assertThat(events(report)).hasSizeGreaterThanOrEqualTo(2).allMatch(e -> e.startsWith("invalidation-stampede DEL"));
        for (JsonNode e : report.path("events")) {
            assertThat(e.path("missSource").asText()).isEqualTo("reply");
        }

        Path capture = save.resolve("traffic.pcap");
        CliRun again = CliRun.of("analyze", "--format", "json", "--redis-port", String.valueOf(redis.port()),
                capture.toString());
        assertThat(again.exitCode()).as("%s", again).isEqualTo(1);
        assertThat(events(JSON.readTree(again.out()))).isEqualTo(events(report));
    }

    @Test
    void tcpdump_that_cannot_start_is_one_line_and_exit_3() {
        CliRun run = CliRun.of("scan", "--redis", redis.url(), "--source", "tcpdump", "--interface", "nosuchif0",
                "--duration", "2s");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
        assertThat(run.err().strip().lines().filter(l -> l.contains("tcpdump")).toList()).last().asString()
                .contains("nosuchif0").contains("--interface");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        CliRun bad = CliRun.of("scan", "--redis", redis.url(), "--source", "pcap");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--source pcap: monitor, tcpdump or events");
    }

    /** Reads and misses of the key's own pattern row (the hot key has a pattern of its own or shares one with none). */
    private static long[] readsAndMisses(JsonNode report, String key) {
        for (JsonNode p : report.at("/stats/patterns")) {
            String glob = p.path("pattern").asText();
            if (java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob.replace("/", "\\/"))
                    .matches(Path.of(key.replace("/", "_"))) || glob.equals(key)) {
                return new long[] {p.path("reads").asLong(), p.path("misses").asLong()};
            }
        }
        throw new AssertionError("no pattern row for " + key + " in " + report.at("/stats/patterns"));
    }

    /** Keeps both captures of a failed run in target/, for a look with analyze. */
    private static void keep(Path... files) throws java.io.IOException {
        Path dir = Files.createDirectories(Path.of("target", "packet-capture-it"));
        for (Path f : files) {
            Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<String> events(JsonNode report) {
        List<String> events = new ArrayList<>();
        for (JsonNode e : report.path("events")) {
            events.add(e.path("kind").asText() + " " + e.at("/trigger/command").asText() + " " + e.path("key").asText()
                    + " rebuilds " + e.path("rebuilds").asLong());
        }
        return events;
    }

    private static List<String> kinds(JsonNode report) {
        List<String> kinds = new ArrayList<>();
        for (JsonNode i : report.path("incidents")) {
            kinds.add(i.path("kind").asText() + " " + i.path("keys"));
        }
        return kinds;
    }
}
