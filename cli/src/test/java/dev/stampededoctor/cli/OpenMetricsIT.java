package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every {@code --format openmetrics} output (analyze of each example, ttl-audit, check, scan on a
 * real Redis) passes Prometheus' own {@code promtool check metrics}, lint included, and carries the
 * figures the JSON report has.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenMetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServerHandle redis;

    @BeforeAll
    void servers(RedisServerHandle redis) {
        this.redis = redis;
    }

    private static double value(String metrics, String sample) {
        return metrics.lines().filter(l -> l.startsWith(sample + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow(() -> new AssertionError(sample));
    }

    @Test
    void analyze_of_every_example_passes_promtool_and_counts_as_the_json_does() throws Exception {
        List<Path> examples;
        try (var files = Files.list(Path.of("../examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".gz")
                    || f.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            CliRun metrics = CliRun.of("analyze", "-f", "openmetrics", example.toString());
            assertThat(metrics.out()).endsWith("# EOF\n");
            assertThat(Promtool.checkMetrics(metrics.out())).as(example.toString()).isEqualTo("0:");
            JsonNode json = JSON.readTree(CliRun.of("analyze", "-f", "json", example.toString()).out());
            String target = "{target=\"" + example + "\"}";
            assertThat(value(metrics.out(), "stampede_doctor_alarms" + target)).as(example.toString())
                    .isEqualTo(json.path("verdict").path("alarms").asDouble());
            assertThat(value(metrics.out(), "stampede_doctor_input_commands" + target))
                    .isEqualTo(json.path("input").path("parsed").asDouble());
        }
    }

    @Test
    void ttl_audit_check_and_scan_pass_promtool() throws Exception {
        String prefix = "om" + UUID.randomUUID().toString().replaceAll("[^a-f]", "").substring(0, 6);
        try (RespClient c = redis.connect()) {
            if (redis.db() != 0) {
                c.call("SELECT", String.valueOf(redis.db()));
            }
            for (int i = 0; i < 60; i++) {
                c.call("SET", prefix + ":" + i, "v", "EX", "600");
            }
        }
        CliRun audit = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":*", "-f", "openmetrics",
                "--fail-on", "cluster-share>20%");
        assertThat(audit.exitCode()).as("%s", audit).isEqualTo(ExitCode.FOUND);
        assertThat(Promtool.checkMetrics(audit.out())).as(audit.out()).isEqualTo("0:");
        assertThat(audit.out()).contains("pattern=\"" + prefix + ":*\"")
                .contains("stampede_doctor_ttl_audit_rule_failed{").endsWith("# EOF\n");

        CliRun check = CliRun.of("check", "--redis", redis.url(), "-f", "openmetrics");
        assertThat(Promtool.checkMetrics(check.out())).as(check.out()).isEqualTo("0:");
        assertThat(check.out()).contains("stampede_doctor_check_ok{", "check=\"MONITOR\"} 1", "stampede_doctor_check_ready{");

        CliRun scan = CliRun.of("scan", "--redis", redis.url(), "--duration", "1500ms", "-f", "openmetrics");
        assertThat(scan.exitCode()).as("%s", scan).isIn(ExitCode.OK, ExitCode.FOUND);
        assertThat(Promtool.checkMetrics(scan.out())).as(scan.out()).isEqualTo("0:");
        assertThat(scan.out()).contains("stampede_doctor_scan_complete{", "stopped_by=\"duration\"} 1");

        CliRun simulate = CliRun.of("simulate", "-f", "openmetrics", "../examples/invalidation-stampede.monitor.log");
        assertThat(simulate.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(simulate.err()).contains("openmetrics is for analyze, scan, ttl-audit and check");
    }
}
