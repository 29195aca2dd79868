package dev.stampededoctor.detectors.resp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.pcap.TcpFlow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespCommandStreamTest {
    private final List<String> seen = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private final RespCommandStream stream = new RespCommandStream(this::record, 0);
    private final TcpFlow a = fromStart(0, "10.0.0.1:5000");
    private final TcpFlow b = fromStart(1, "10.0.0.2:5001");

    /** A connection whose SYN the capture holds: its replies pair from the first. */
    private static TcpFlow fromStart(int id, String client) {
        TcpFlow f = new TcpFlow(id, client, "10.0.0.9:6379", 6379);
        f.handshakeSeen(true);
        return f;
    }

    private void record(MonitorLine line) {
        String text = new String(line.lineBuffer(), line.lineStart(), line.lineLength(), StandardCharsets.ISO_8859_1);
        StringBuilder replies = new StringBuilder();
        if (line.hasReply()) {
            for (int i = 1; i < line.argCount(); i++) {
                replies.append(' ').append(ReplyKind.of(line.reply(i)));
            }
        } else {
            replies.append(" -");
        }
        times.add(line.timestampMicros());
        seen.add(text.substring(text.indexOf(' ') + 1) + " ->" + replies);
    }

    private void client(TcpFlow f, long at, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        stream.data(f, true, at, b, 0, b.length);
    }

    private void server(TcpFlow f, long at, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        stream.data(f, false, at, b, 0, b.length);
    }

    @Test
    void pairs_replies_first_in_first_out_and_reads_misses_from_nil() {
        stream.opened(a, 1);
        client(a, 10, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*2\r\n$3\r\nGET\r\n$1\r\nm\r\n");
        server(a, 20, "$1\r\nv\r\n$-1\r\n");
        client(a, 30, "*3\r\n$4\r\nMGET\r\n$1\r\nk\r\n$1\r\nm\r\n");
        server(a, 40, "*2\r\n$1\r\nv\r\n_\r\n");
        client(a, 50, "*2\r\n$7\r\nHGETALL\r\n$1\r\nh\r\n");
        server(a, 60, "%0\r\n");
        client(a, 70, "*2\r\n$6\r\nEXISTS\r\n$1\r\nk\r\n");
        server(a, 80, ":1\r\n");
        stream.finish();
        assertThat(seen).containsExactly(
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> HIT",
                "[0 10.0.0.1:5000] \"GET\" \"m\" -> MISS",
                "[0 10.0.0.1:5000] \"MGET\" \"k\" \"m\" -> HIT MISS",
                "[0 10.0.0.1:5000] \"HGETALL\" \"h\" -> MISS",
                "[0 10.0.0.1:5000] \"EXISTS\" \"k\" -> HIT");
    }

    /**
     * The order of a real capture (Redis 7.0, PacketCaptureIT): two GETs and a DEL of one key read
     * in one turn of the event loop, and their replies written newest client first. The GETs hit:
     * they ran before the DEL, as they were sent, though the DEL's reply left first.
     */
    @Test
    void commands_go_on_in_the_order_they_were_sent_not_the_order_their_replies_left() {
        TcpFlow c = fromStart(2, "10.0.0.3:5002");
        stream.opened(a, 1);
        stream.opened(b, 1);
        stream.opened(c, 1);
        client(a, 10, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        client(b, 11, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        client(c, 12, "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
        server(c, 20, ":1\r\n");
        server(b, 21, "$1\r\nv\r\n");
        server(a, 22, "$1\r\nv\r\n");
        // A GET sent after the DEL's reply left ran after it.
        client(a, 23, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 24, "$-1\r\n");
        client(b, 25, "*1\r\n$4\r\nPING\r\n");
        stream.finish();
        assertThat(seen).containsExactly(
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> HIT",
                "[0 10.0.0.2:5001] \"GET\" \"k\" -> HIT",
                "[0 10.0.0.3:5002] \"DEL\" \"k\" -> NONE",
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> MISS",
                "[0 10.0.0.2:5001] \"PING\" -> -");
        // Each ran no later than the earliest reply of those that ran at or after it.
        assertThat(times).containsExactly(20L, 20L, 20L, 24L, 25L);
    }

    /** A script held Redis: the GETs and the DEL sent meanwhile ran when it ended, as their replies tell. */
    @Test
    void where_redis_was_held_commands_ran_when_their_replies_say() {
        TcpFlow c = fromStart(2, "10.0.0.3:5002");
        stream.opened(a, 1);
        stream.opened(b, 1);
        stream.opened(c, 1);
        client(c, 5, "*3\r\n$4\r\nEVAL\r\n$6\r\nreturn\r\n$1\r\n0\r\n");
        client(a, 10, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        client(b, 20, "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
        server(c, 500_000, ":1\r\n");
        server(b, 500_010, ":1\r\n");
        server(a, 500_020, "$1\r\nv\r\n");
        client(a, 500_100, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 500_110, "$-1\r\n");
        stream.finish();
        assertThat(seen).containsExactly(
                "[0 10.0.0.3:5002] \"EVAL\" \"return\" \"0\" -> NONE NONE",
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> HIT",
                "[0 10.0.0.2:5001] \"DEL\" \"k\" -> NONE",
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> MISS");
        assertThat(times).containsExactly(500_000L, 500_010L, 500_010L, 500_110L);
    }

    @Test
    void a_held_back_command_holds_back_only_those_sent_after_it() {
        stream.opened(a, 1);
        stream.opened(b, 1);
        client(a, 10, "*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n");
        client(b, 10, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(b, 12, "$-1\r\n");
        assertThat(seen).as("BLPOP sent first, and waiting").isEmpty();
        client(b, 10 + RespCommandStream.REPLY_WAIT_MICROS, "*1\r\n$4\r\nPING\r\n");
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"BLPOP\" \"q\" \"0\" -> -",
                "[0 10.0.0.2:5001] \"GET\" \"k\" -> MISS");
    }

    /** MONITOR lists a transaction's commands when EXEC runs them, and never those of one dropped. */
    @Test
    void a_transaction_runs_when_exec_does_and_a_dropped_one_never() {
        stream.opened(a, 1);
        stream.opened(b, 1);
        client(a, 10, "*1\r\n$5\r\nMULTI\r\n*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
        server(a, 11, "+OK\r\n+QUEUED\r\n");
        client(b, 12, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(b, 13, "$1\r\nv\r\n");
        client(a, 14, "*1\r\n$4\r\nEXEC\r\n");
        server(a, 15, "*1\r\n:1\r\n");
        // Dropped: DISCARD, an EXEC whose WATCHed key changed (nil), an EXEC aborted by an error.
        client(a, 20, "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n1\r\n*1\r\n$7\r\nDISCARD\r\n");
        server(a, 21, "+OK\r\n+QUEUED\r\n+OK\r\n");
        client(a, 22, "*1\r\n$5\r\nMULTI\r\n*2\r\n$3\r\nDEL\r\n$1\r\nm\r\n*1\r\n$4\r\nEXEC\r\n");
        server(a, 23, "+OK\r\n+QUEUED\r\n*-1\r\n");
        client(a, 24, "*1\r\n$5\r\nMULTI\r\n*2\r\n$3\r\nDEL\r\n$1\r\nn\r\n*1\r\n$3\r\nBAD\r\n*1\r\n$4\r\nEXEC\r\n");
        server(a, 25, "+OK\r\n+QUEUED\r\n-ERR unknown command 'BAD'\r\n-EXECABORT Transaction discarded because of previous errors.\r\n");
        stream.finish();
        assertThat(seen).containsExactly(
                "[0 10.0.0.1:5000] \"MULTI\" ->",
                "[0 10.0.0.2:5001] \"GET\" \"k\" -> HIT",
                "[0 10.0.0.1:5000] \"DEL\" \"k\" -> NONE",
                "[0 10.0.0.1:5000] \"EXEC\" ->",
                "[0 10.0.0.1:5000] \"MULTI\" ->",
                "[0 10.0.0.1:5000] \"DISCARD\" ->",
                "[0 10.0.0.1:5000] \"MULTI\" ->",
                "[0 10.0.0.1:5000] \"EXEC\" ->",
                "[0 10.0.0.1:5000] \"MULTI\" ->",
                "[0 10.0.0.1:5000] \"BAD\" ->",
                "[0 10.0.0.1:5000] \"EXEC\" ->");
        assertThat(times.get(2)).as("the DEL ran with its EXEC").isEqualTo(15L);
        assertThat(stream.counts().requests()).isEqualTo(seen.size());
    }

    @Test
    void requests_and_replies_split_anywhere_read_the_same() {
        String requests = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nva\r\nl\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
        String replies = "+OK\r\n$5\r\nva\r\nl\r\n";
        stream.opened(a, 1);
        for (int i = 0; i < requests.length(); i++) {
            client(a, 10, requests.substring(i, i + 1));
        }
        for (int i = 0; i < replies.length(); i++) {
            server(a, 20, replies.substring(i, i + 1));
        }
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"SET\" \"k\" \"va\\r\\nl\" -> NONE NONE",
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> HIT");
    }

    @Test
    void select_auth_and_transactions() {
        stream.opened(a, 1);
        client(a, 10, "*3\r\n$4\r\nAUTH\r\n$3\r\nops\r\n$6\r\nsecret\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n");
        server(a, 11, "+OK\r\n+OK\r\n");
        client(a, 12, "*1\r\n$5\r\nMULTI\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nEXEC\r\n");
        server(a, 13, "+OK\r\n+QUEUED\r\n*1\r\n$-1\r\n");
        client(a, 14, "*2\r\n$3\r\nGET\r\n$1\r\nx\r\n");
        server(a, 15, "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        stream.finish();
        assertThat(seen).containsExactly(
                "[0 10.0.0.1:5000] \"AUTH\" \"(redacted)\" \"(redacted)\" -> NONE NONE",
                "[0 10.0.0.1:5000] \"SELECT\" \"2\" -> NONE",
                "[2 10.0.0.1:5000] \"MULTI\" ->",
                "[2 10.0.0.1:5000] \"GET\" \"k\" -> MISS",
                "[2 10.0.0.1:5000] \"EXEC\" ->",
                "[2 10.0.0.1:5000] \"GET\" \"x\" -> ERROR");
        assertThat(seen.toString()).doesNotContain("secret");
    }

    @Test
    void a_capture_started_mid_reply_pairs_again_once_the_server_is_quiet() {
        stream.opened(a, 1);
        server(a, 5, "lue\r\n"); // the end of a reply to a request the capture missed
        client(a, 10, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 11, "$-1\r\n");
        client(a, 20, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 21, "$1\r\nv\r\n");
        stream.finish();
        // One request, one reply, then a quiet point: the first GET is paired after the fact.
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"GET\" \"k\" -> MISS",
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> HIT");
        assertThat(stream.counts().repairs()).isEqualTo(1);
    }

    @Test
    void subscribers_monitors_and_tls_are_left_out() {
        stream.opened(a, 1);
        stream.opened(b, 1);
        client(a, 10, "*2\r\n$9\r\nSUBSCRIBE\r\n$1\r\nc\r\n");
        server(a, 11, "*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nx\r\n");
        byte[] hello = {0x16, 0x03, 0x01, 0x00, 0x10};
        stream.data(b, true, 12, hello, 0, hello.length);
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"SUBSCRIBE\" \"c\" -> NONE");
        assertThat(stream.counts().pubsubConnections()).isEqualTo(1);
        assertThat(stream.counts().tlsConnections()).isEqualTo(1);
    }

    @Test
    void a_gap_stops_pairing_and_reading_resumes_at_the_next_request() {
        stream.opened(a, 1);
        client(a, 10, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*2\r\n$3\r\nGE");
        stream.gap(a, true, 11, 100);
        client(a, 12, "junk\r\n*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
        server(a, 13, "$1\r\nv\r\n:1\r\n");
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"GET\" \"k\" -> -",
                "[0 10.0.0.1:5000] \"DEL\" \"k\" -> -");
    }
    @Test
    void a_resp2_subscriber_whose_last_subscription_ends_is_read_again() {
        stream.opened(a, 1);
        client(a, 10, "*3\r\n$9\r\nSUBSCRIBE\r\n$1\r\nc\r\n$1\r\nd\r\n");
        server(a, 11, "*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nd\r\n:2\r\n");
        client(a, 12, "*2\r\n$11\r\nUNSUBSCRIBE\r\n$1\r\nc\r\n");
        server(a, 13, "*3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:1\r\n");
        client(a, 14, "*1\r\n$11\r\nUNSUBSCRIBE\r\n");
        server(a, 15, "*3\r\n$11\r\nunsubscribe\r\n$1\r\nd\r\n:0\r\n");
        // The pool hands the connection to a reader.
        client(a, 20, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 21, "$-1\r\n");
        client(a, 22, "*2\r\n$3\r\nGET\r\n$1\r\nm\r\n");
        server(a, 23, "$1\r\nv\r\n");
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"SUBSCRIBE\" \"c\" \"d\" -> NONE NONE",
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> MISS",
                "[0 10.0.0.1:5000] \"GET\" \"m\" -> HIT");
        assertThat(stream.counts().pubsubConnections()).isEqualTo(1);
    }

    @Test
    void resp3_subscription_confirmations_are_pushes_and_take_no_reply() {
        stream.opened(a, 1);
        client(a, 10, "*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n");
        server(a, 11, "%1\r\n$6\r\nserver\r\n$5\r\nredis\r\n");
        client(a, 12, "*3\r\n$9\r\nSUBSCRIBE\r\n$1\r\nc\r\n$1\r\nd\r\n*2\r\n$3\r\nGET\r\n$1\r\np\r\n"
                + "*2\r\n$3\r\nGET\r\n$1\r\na\r\n");
        server(a, 13, ">3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\nd\r\n:2\r\n"
                + "$1\r\nv\r\n>3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nx\r\n_\r\n");
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"HELLO\" \"3\" -> NONE",
                "[0 10.0.0.1:5000] \"SUBSCRIBE\" \"c\" \"d\" -> -",
                "[0 10.0.0.1:5000] \"GET\" \"p\" -> HIT",
                "[0 10.0.0.1:5000] \"GET\" \"a\" -> MISS");
    }

    @Test
    void a_refused_or_dropped_select_leaves_the_commands_behind_it_in_the_db_before() {
        stream.opened(a, 1);
        client(a, 10, "*2\r\n$6\r\nSELECT\r\n$2\r\n99\r\n*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
        server(a, 11, "-ERR DB index is out of range\r\n:1\r\n");
        client(a, 12, "*1\r\n$5\r\nMULTI\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n*1\r\n$7\r\nDISCARD\r\n"
                + "*2\r\n$3\r\nDEL\r\n$1\r\nm\r\n");
        server(a, 13, "+OK\r\n+QUEUED\r\n+OK\r\n:1\r\n");
        client(a, 14, "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*2\r\n$3\r\nDEL\r\n$1\r\nn\r\n");
        server(a, 15, "+OK\r\n:1\r\n");
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"SELECT\" \"99\" -> ERROR",
                "[0 10.0.0.1:5000] \"DEL\" \"k\" -> NONE",
                "[0 10.0.0.1:5000] \"MULTI\" ->",
                "[1 10.0.0.1:5000] \"DISCARD\" ->",
                "[0 10.0.0.1:5000] \"DEL\" \"m\" -> NONE",
                "[0 10.0.0.1:5000] \"SELECT\" \"2\" -> NONE",
                "[2 10.0.0.1:5000] \"DEL\" \"n\" -> NONE");
    }
    /** A capture begun mid-connection: a script and a GET sent before it are still to be answered. */
    @Test
    void a_connection_begun_before_the_capture_pairs_only_once_every_reply_owed_came() {
        TcpFlow old = new TcpFlow(3, "10.0.0.4:5003", "10.0.0.9:6379", 6379); // no SYN in the capture
        stream.opened(old, 1);
        client(old, 10, "*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$3\r\nGET\r\n$1\r\np\r\n");
        server(old, 2_500_000, ":1\r\n$-1\r\n"); // the script's reply, the unseen GET's nil
        server(old, 2_500_001, "$-1\r\n$1\r\nv\r\n"); // a: nil, p: a value
        client(old, 2_600_000, "*2\r\n$3\r\nGET\r\n$1\r\np\r\n");
        server(old, 2_600_001, "$1\r\nv\r\n");
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.4:5003] \"GET\" \"a\" -> -",
                "[0 10.0.0.4:5003] \"GET\" \"p\" -> -",
                "[0 10.0.0.4:5003] \"GET\" \"p\" -> HIT");
    }

    /** Unpaired, a BLPOP still blocked may answer any time up to its timeout: its nil is no GET's. */
    @Test
    void a_blocked_command_keeps_its_connection_unpaired_until_its_timeout() {
        TcpFlow old = new TcpFlow(3, "10.0.0.4:5003", "10.0.0.9:6379", 6379);
        stream.opened(old, 1);
        client(old, 10, "*2\r\n$3\r\nGET\r\n$1\r\na\r\n*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n1\r\n");
        server(old, 11, "*-1\r\n$-1\r\n"); // an earlier BLPOP's timeout, then the GET's nil
        client(old, 20, "*2\r\n$3\r\nGET\r\n$1\r\np\r\n");
        server(old, 1_000_020, "*-1\r\n$1\r\nv\r\n");
        client(old, 2_000_000, "*2\r\n$3\r\nGET\r\n$1\r\np\r\n");
        server(old, 2_000_001, "$1\r\nv\r\n");
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.4:5003] \"GET\" \"a\" -> -",
                "[0 10.0.0.4:5003] \"BLPOP\" \"q\" \"1\" -> -",
                "[0 10.0.0.4:5003] \"GET\" \"p\" -> -",
                "[0 10.0.0.4:5003] \"GET\" \"p\" -> HIT");
    }

    @Test
    void a_reply_of_the_wrong_type_for_its_command_stops_the_pairing() {
        stream.opened(a, 1);
        client(a, 10, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
        server(a, 11, "+OK\r\n$-1\r\n"); // a SET's +OK for the GET: some earlier reply was not seen
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"GET\" \"k\" -> -",
                "[0 10.0.0.1:5000] \"DEL\" \"k\" -> -");
        assertThat(stream.counts().pairingFailures()).isEqualTo(1);
    }

    @Test
    void client_reply_off_and_skip_leave_requests_without_replies_and_pairing_resumes_after() {
        stream.opened(a, 1);
        client(a, 10, "*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"
                + "*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n");
        server(a, 11, "+OK\r\n");
        client(a, 12, "*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n"
                + "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 13, "$-1\r\n");
        client(a, 14, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 15, "$-1\r\n");
        stream.finish();
        assertThat(seen).endsWith("[0 10.0.0.1:5000] \"GET\" \"k\" -> -", "[0 10.0.0.1:5000] \"GET\" \"k\" -> MISS");
        assertThat(stream.counts().pairingFailures()).isZero();
    }
    /** tcpdump -s 200: a packet's tail is cut. Inside a value of known length, only the value's tail is lost. */
    @Test
    void bytes_lost_inside_a_value_of_known_length_lose_nothing_else() {
        stream.opened(a, 1);
        client(a, 10, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\nabc");
        stream.gap(a, true, 10, 9); // the value's last 7 bytes and its CRLF
        server(a, 11, "+OK\r\n");
        client(a, 12, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 13, "$10\r\nabc");
        stream.gap(a, false, 13, 9);
        client(a, 14, "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 15, ":1\r\n$-1\r\n");
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"SET\" \"k\" \"abc\" -> NONE NONE",
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> HIT",
                "[0 10.0.0.1:5000] \"DEL\" \"k\" -> NONE",
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> MISS");
        assertThat(stream.counts().pairingFailures()).isZero();
    }
    @Test
    void the_secrets_after_hellos_auth_never_reach_the_engine() {
        stream.opened(a, 1);
        client(a, 10, "*5\r\n$5\r\nHELLO\r\n$1\r\n2\r\n$4\r\nAUTH\r\n$3\r\nops\r\n$12\r\nsecret-words\r\n"
                + "*2\r\n$4\r\nAUTH\r\n$6\r\nhunter\r\n*2\r\n$5\r\nHELLO\r\n$1\r\n2\r\n");
        server(a, 11, "*0\r\n+OK\r\n*0\r\n");
        stream.finish();
        assertThat(seen).containsExactly(
                "[0 10.0.0.1:5000] \"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\" -> NONE NONE NONE NONE",
                "[0 10.0.0.1:5000] \"AUTH\" \"(redacted)\" -> NONE",
                "[0 10.0.0.1:5000] \"HELLO\" \"2\" -> NONE");
        assertThat(seen.toString()).doesNotContain("secret", "hunter", "ops");
    }
    /** EXEC's array holds the queued commands' replies, one each, in order. */
    @Test
    void reads_queued_in_a_transaction_take_their_replies_from_execs_array() {
        stream.opened(a, 1);
        client(a, 10, "*1\r\n$5\r\nMULTI\r\n*2\r\n$3\r\nGET\r\n$1\r\nh\r\n*2\r\n$3\r\nGET\r\n$1\r\nm\r\n"
                + "*2\r\n$6\r\nEXISTS\r\n$1\r\nm\r\n*2\r\n$3\r\nGET\r\n$1\r\nl\r\n"
                + "*2\r\n$7\r\nHGETALL\r\n$1\r\nx\r\n*3\r\n$4\r\nMGET\r\n$1\r\nh\r\n$1\r\nm\r\n"
                + "*1\r\n$4\r\nEXEC\r\n");
        server(a, 11, "+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n"
                + "*6\r\n$1\r\nv\r\n$-1\r\n:0\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
                + "*0\r\n*2\r\n$1\r\nv\r\n$-1\r\n");
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"MULTI\" ->",
                "[0 10.0.0.1:5000] \"GET\" \"h\" -> HIT",
                "[0 10.0.0.1:5000] \"GET\" \"m\" -> MISS",
                "[0 10.0.0.1:5000] \"EXISTS\" \"m\" -> MISS",
                "[0 10.0.0.1:5000] \"GET\" \"l\" -> ERROR",
                "[0 10.0.0.1:5000] \"HGETALL\" \"x\" -> MISS",
                "[0 10.0.0.1:5000] \"MGET\" \"h\" \"m\" -> NONE NONE", // its keys' nils are inside the element
                "[0 10.0.0.1:5000] \"EXEC\" ->");
    }
    @Test
    void a_refused_resp3_subscription_takes_its_error_and_a_refused_hello_3_leaves_resp2() {
        stream.opened(a, 1);
        stream.opened(b, 1);
        client(a, 10, "*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n");
        server(a, 11, "%1\r\n$6\r\nserver\r\n$5\r\nredis\r\n");
        client(a, 12, "*2\r\n$9\r\nSUBSCRIBE\r\n$6\r\nsecret\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 13, "-NOPERM this user has no permissions to access the 'secret' channel\r\n$-1\r\n");
        // Redis 5 has no HELLO: the connection stays RESP2, and its SUBSCRIBE leaves the pairing.
        client(b, 14, "*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n");
        server(b, 15, "-ERR unknown command 'HELLO'\r\n");
        client(b, 16, "*2\r\n$9\r\nSUBSCRIBE\r\n$1\r\nc\r\n");
        server(b, 17, "*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nx\r\n");
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"HELLO\" \"3\" -> NONE",
                "[0 10.0.0.1:5000] \"SUBSCRIBE\" \"secret\" -> ERROR",
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> MISS",
                "[0 10.0.0.2:5001] \"HELLO\" \"3\" -> ERROR",
                "[0 10.0.0.2:5001] \"SUBSCRIBE\" \"c\" -> NONE");
        assertThat(stream.counts().pubsubConnections()).isEqualTo(1);
        assertThat(stream.counts().pairingFailures()).isZero();
    }
    /** tcpdump -s 200 and SET k <1 KB> EX 60: the cut takes the value's tail and the EX with it. */
    @Test
    void a_set_whose_options_went_with_a_cut_value_is_still_a_write_of_its_key() {
        stream.opened(a, 1);
        client(a, 10, "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\nabc");
        stream.gap(a, true, 10, 9 + 16); // the value's tail, its CRLF, then "$2\r\nEX\r\n$2\r\n60\r\n"
        server(a, 11, "+OK\r\n");
        client(a, 12, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 13, "$10\r\nabcdefghij\r\n");
        client(a, 14, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        server(a, 15, "$10\r\nabcdefghij\r\n");
        stream.finish();
        assertThat(seen).containsExactly("[0 10.0.0.1:5000] \"SET\" \"k\" \"abc\" -> -",
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> HIT",
                "[0 10.0.0.1:5000] \"GET\" \"k\" -> HIT");
    }
}
