package dev.stampededoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class OpenMetricsWriterTest {
    @Test
    void families_in_order_with_help_type_escaped_labels_and_eof() {
        OpenMetricsWriter m = new OpenMetricsWriter();
        String keys = m.gauge("pattern_keys", "Keys of the pattern.");
        m.gauge("never_sampled", "Left out: no sample.");
        String ratio = m.gauge("hit_ratio", "Hits of reads.");
        m.sample(keys, 3, "pattern", "a\"b\\c\nd", "db", "0");
        m.sample(keys, 4, "pattern", "plain", "db", null);
        m.sample(ratio, 0.8571, "target", "redis://cache:6379");
        m.sample(ratio, (Double) null, "target", "x");
        StringWriter out = new StringWriter();
        m.write(new PrintWriter(out));
        assertThat(out.toString()).isEqualTo("""
                # HELP stampede_doctor_pattern_keys Keys of the pattern.
                # TYPE stampede_doctor_pattern_keys gauge
                stampede_doctor_pattern_keys{pattern="a\\"b\\\\c\\nd",db="0"} 3
                stampede_doctor_pattern_keys{pattern="plain"} 4
                # HELP stampede_doctor_hit_ratio Hits of reads.
                # TYPE stampede_doctor_hit_ratio gauge
                stampede_doctor_hit_ratio{target="redis://cache:6379"} 0.8571
                # EOF
                """);
    }
}
