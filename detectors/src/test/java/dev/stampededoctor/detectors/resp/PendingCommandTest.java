package dev.stampededoctor.detectors.resp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.pcap.TcpFlow;
import org.junit.jupiter.api.Test;

class PendingCommandTest {
    private final RespConnection connection = new RespConnection(new TcpFlow(0, "10.0.0.1:1", "10.0.0.2:6379", 6379),
            new RespCommandStream(line -> { }, 0));

    @Test
    void a_command_ran_when_its_reply_left_else_when_it_was_sent() {
        PendingCommand unanswered = new PendingCommand(1_000, 0, connection, 0, new RequestArgs(), Verb.OTHER);
        assertThat(unanswered.ranAt()).isEqualTo(1_000);
        PendingCommand answered = new PendingCommand(1_000, 1, connection, 0, new RequestArgs(), Verb.OTHER);
        answered.replied(1_250);
        assertThat(answered.ranAt()).isEqualTo(1_250);
        assertThat(answered.repliedAt()).isEqualTo(1_250);
    }

    /** A pcapng's negative time offset can put replies before 1970: they are not taken for run times. */
    @Test
    void a_reply_time_before_1970_leaves_the_send_time() {
        PendingCommand c = new PendingCommand(-2_000_000, 0, connection, 0, new RequestArgs(), Verb.OTHER);
        c.replied(-1_999_000);
        assertThat(c.ranAt()).isEqualTo(-2_000_000);
        assertThat(c.repliedAt()).isEqualTo(-1_999_000);
    }
}
