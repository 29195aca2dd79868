package dev.stampededoctor.cli.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CRC16 and hash-tag rules of the cluster spec; ClusterHarnessIT checks them against CLUSTER KEYSLOT. */
class KeySlotsTest {

    @Test
    void crc16IsXmodem() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(KeySlots.crc16(check, 0, check.length)).isEqualTo(0x31C3); // the spec's test vector
    }

    @Test
    void hashTagsFollowTheSpec() {
        assertThat(KeySlots.slot("{user1000}.following")).isEqualTo(KeySlots.slot("{user1000}.followers"))
                .isEqualTo(KeySlots.slot("user1000"));
        assertThat(KeySlots.slot("foo{}{bar}")).isNotEqualTo(KeySlots.slot("bar")); // empty first tag: whole key
        assertThat(KeySlots.slot("foo{{bar}}zap")).isEqualTo(KeySlots.slot("{bar"));
        assertThat(KeySlots.slot("foo{bar}{zap}")).isEqualTo(KeySlots.slot("bar"));
        assertThat(KeySlots.slot("")).isZero();
    }
}
