package dev.stampededoctor.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetectionOptionsTest {
    @Test
    void the_default_key_limit_follows_the_heap() {
        assertThat(DetectionOptions.defaultMaxKeys(256L << 20)).isEqualTo(838_860);
        assertThat(DetectionOptions.defaultMaxKeys(6L << 30)).isEqualTo(4_000_000);
        assertThat(DetectionOptions.defaultMaxKeys(16L << 20)).isEqualTo(100_000);
    }
}
