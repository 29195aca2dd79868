package dev.stampededoctor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sample alerting rules the distribution ships (prometheus/stampede-doctor.rules.yml) are
 * valid for Prometheus' own promtool, and its rule unit tests pass: each alert fires on the
 * series that should fire it, with the labels and text an on-call engineer would read, and stays
 * silent on quiet ones. Needs promtool (Debian: apt-get install prometheus).
 */
class AlertingRulesIT {
    private static final Path APP_HOME = Path.of(System.getProperty("app.home"));

    private static String promtool(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("promtool"));
        command.addAll(java.util.List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is needed to check the alerting rules: apt-get install prometheus", e);
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + said.strip();
    }

    @Test
    void the_shipped_rules_pass_promtool_check_and_their_unit_tests() throws Exception {
        Path shipped = APP_HOME.resolve("prometheus/stampede-doctor.rules.yml");
        assertThat(promtool("check", "rules", shipped.toString())).startsWith("0:").contains("SUCCESS: 8 rules found");
        assertThat(shipped).hasSameTextualContentAs(Path.of("src/prometheus/stampede-doctor.rules.yml"));
        assertThat(promtool("test", "rules", "src/test/prometheus/stampede-doctor.rules.test.yml"))
                .startsWith("0:").contains("SUCCESS");
    }
}
