package dev.stampededoctor.detectors.resp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.pcap.TcpFlow;
import org.junit.jupiter.api.Test;

class PendingCommandTest {
    private final RespConnection connection = new RespConnection(new TcpFlow(0, "10.0.0.1:1", "10.0.0.2:6379", 6379),
            new RespCommandStream(line -> { }, 0));

    @Test
    void a_command_is_ordered_by_when_it_was_sent_and_ran_no_later_than_its_reply() {
        PendingCommand unanswered = new PendingCommand(1_000, 0, connection, 0, new RequestArgs(), Verb.OTHER);
        unanswered.unanswered();
        assertThat(unanswered.orderAt()).isEqualTo(1_000);
        assertThat(unanswered.ranBy()).isEqualTo(Long.MAX_VALUE);
        PendingCommand answered = new PendingCommand(1_000, 1, connection, 0, new RequestArgs(), Verb.OTHER);
        answered.answered(bulk(), 1_250);
        assertThat(answered.orderAt()).isEqualTo(1_000);
        assertThat(answered.ranBy()).isEqualTo(1_250);
        assertThat(answered.repliedAt()).isEqualTo(1_250);
    }

    /** A pcapng's negative time offset puts every time before 1970: they are times all the same. */
    @Test
    void times_before_1970_are_times() {
        PendingCommand c = new PendingCommand(-2_000_000, 0, connection, 0, new RequestArgs(), Verb.OTHER);
        c.answered(bulk(), -1_999_000);
        assertThat(c.ranBy()).isEqualTo(-1_999_000);
        assertThat(c.repliedAt()).isEqualTo(-1_999_000);
    }

    @Test
    void a_queued_command_ran_with_its_exec() {
        PendingCommand queued = new PendingCommand(1_000, 0, connection, 0, new RequestArgs(), Verb.OTHER);
        PendingCommand exec = new PendingCommand(1_500, 1, connection, 0, new RequestArgs(), Verb.EXEC);
        exec.answered(bulk(), 1_600);
        queued.ranWith(exec);
        assertThat(queued.orderAt()).isEqualTo(1_500);
        assertThat(queued.ranBy()).isEqualTo(1_600);
    }

    private static ReplyShape bulk() {
        ReplyShape shape = new ReplyShape();
        shape.reset(ReplyShape.Type.BULK);
        return shape;
    }
}
