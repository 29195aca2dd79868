package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    private static final Path EXAMPLE = Path.of("../examples/invalidation-stampede.monitor.log");
    private static final Path TTL_HERD = Path.of("../examples/ttl-herd.monitor.log");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void the_bundled_example_replays_under_every_policy_and_write_through_comes_first() throws IOException {
        CliRun run = CliRun.of("simulate", "--format", "json", EXAMPLE.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.OK);
        assertThat(run.err()).isEmpty();
        JsonNode report = JSON.readTree(run.out());
        JsonNode policies = report.path("policies");
        assertThat(policies).extracting(p -> p.path("policy").asText())
                .containsExactly("as-is", "jitter", "write-through", "lock", "xfetch", "stale-while-revalidate");
        for (JsonNode p : policies) {
            assertThat(p.has("rebuilds") && p.has("peakConcurrentRebuilds") && p.has("misses") && p.has("maxStaleMs"))
                    .as("%s", p).isTrue();
        }
        // The DEL of product:42:detail: six clients missed and rebuilt.
        assertThat(report.path("observed").path("rebuilds").asLong()).isEqualTo(6);
        assertThat(policies.get(0).path("rebuilds").asLong()).isEqualTo(6);
        assertThat(policies.get(2).path("rebuilds").asLong()).isZero();
        assertThat(policies.get(3).path("rebuilds").asLong()).isEqualTo(1);
        assertThat(report.path("recommended").path("policy").asText()).isEqualTo("write-through");
        assertThat(report.path("rebuildMsSource").asText()).isEqualTo("capture");
        Golden.assertMatches("simulate-example.json", run.out().replace(EXAMPLE.toString(), "EXAMPLE"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"invalidation-stampede", "ttl-herd"})
    void analyze_and_simulate_recommend_the_same_first_fix_for_each_example(String example) throws IOException {
        String file = "../examples/" + example + ".monitor.log";
        JsonNode simulated = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(CliRun.of("simulate", "--format", "json", file).out());
        JsonNode analyzed = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(CliRun.of("analyze", "--format", "json", file).out());
        JsonNode incident = analyzed.path("incidents").get(0);
        assertThat(incident.path("adviceRankedBy").asText()).isEqualTo("replay");
        String policy = incident.path("recommendations").get(0).path("replay").path("policy").asText();
        assertThat(policy).isEqualTo(simulated.path("recommended").path("policy").asText()).isNotEmpty();
        assertThat(incident.path("recommendations").get(0).path("replay").path("rebuilds").asLong())
                .isLessThan(incident.path("replayedAsIs").path("rebuilds").asLong());
    }

    @Test
    void text_and_markdown_are_pinned() {
        CliRun text = CliRun.of("simulate", "--format", "text", TTL_HERD.toString());
        assertThat(text.exitCode()).as("%s", text).isEqualTo(ExitCode.OK);
        Golden.assertMatches("simulate-ttl-herd.txt", text.out().replace(TTL_HERD.toString(), "TTL_HERD"));
        CliRun md = CliRun.of("simulate", "--format", "markdown", TTL_HERD.toString());
        assertThat(md.exitCode()).isEqualTo(ExitCode.OK);
        Golden.assertMatches("simulate-ttl-herd.md", md.out().replace(TTL_HERD.toString(), "TTL_HERD"));
    }

    @Test
    void policies_and_the_rebuild_time_can_be_chosen_and_as_is_stays_the_baseline() throws IOException {
        CliRun run = CliRun.of("simulate", "-f", "json", "--policy", "lock", "--policy", "jitter=spread=20%",
                "--rebuild-ms", "12.5", TTL_HERD.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.OK);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("policies")).extracting(p -> p.path("policy").asText()).containsExactly("as-is", "lock", "jitter");
        assertThat(report.path("policies").get(2).path("parameters").asText()).isEqualTo("spread=20%");
        assertThat(report.path("rebuildMs").asDouble()).isEqualTo(12.5);
        assertThat(report.path("rebuildMsSource").asText()).isEqualTo("option");
    }

    @Test
    void an_unknown_policy_or_parameter_is_exit_2_naming_the_policies() {
        CliRun unknown = CliRun.of("simulate", "--policy", "memcached", EXAMPLE.toString());
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("unknown policy 'memcached'", "write-through", "stale-while-revalidate");
        CliRun param = CliRun.of("simulate", "--policy", "lock=2", EXAMPLE.toString());
        assertThat(param.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(param.err()).contains("lock takes no parameters");
        CliRun rebuild = CliRun.of("simulate", "--rebuild-ms", "0", EXAMPLE.toString());
        assertThat(rebuild.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(rebuild.err()).contains("--rebuild-ms").hasLineCount(1);
    }

    @Test
    void unreadable_or_empty_input_is_exit_2_with_one_line() throws IOException {
        CliRun missing = CliRun.of("simulate", tmp.resolve("nope.log").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).startsWith("stampede-doctor: no such file: ").hasLineCount(1);
        Path junk = Files.write(tmp.resolve("junk.bin"), new byte[4096]);
        CliRun empty = CliRun.of("simulate", junk.toString());
        assertThat(empty.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(empty.err()).contains("no MONITOR line found").hasLineCount(1);
    }

    @Test
    void simulate_help_is_pinned() {
        CliRun run = CliRun.of("simulate", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        Golden.assertMatches("help-simulate.txt", run.out());
        assertThat(run.out()).contains("Exit codes:", " 0 ", " 2 ").doesNotContain(" 1 ");
    }
}
