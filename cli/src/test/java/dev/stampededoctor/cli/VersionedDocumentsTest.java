package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every JSON document starts with {@code reportVersion}, {@code generatedAt} and {@code target}.
 * The unit tests run with the clock pinned ({@link GeneratedAt#PIN_PROPERTY}, set by surefire), so
 * golden JSON stays byte for byte the same; the documents of live servers are checked in their ITs.
 */
class VersionedDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE = Path.of("../examples/invalidation-stampede.monitor.log").toString();
    private static final String TTL_HERD = Path.of("../examples/ttl-herd.monitor.log").toString();

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void the_clock_is_pinned_for_unit_tests_and_formatted_with_milliseconds() {
        assertThat(System.getProperty(GeneratedAt.PIN_PROPERTY)).as("set in cli/pom.xml").isNotBlank();
        assertThat(GeneratedAt.now()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(GeneratedAt.format(java.time.Instant.parse("2026-12-02T19:04:05Z"))).isEqualTo("2026-12-02T19:04:05.000Z");
        assertThat(GeneratedAt.format(java.time.Instant.parse("2026-12-02T19:04:05.123456Z")))
                .isEqualTo("2026-12-02T19:04:05.123Z");
    }

    @Test
    void analyze_names_its_files_as_given_in_order() throws IOException {
        CliRun run = CliRun.of("analyze", "-f", "json", EXAMPLE, TTL_HERD);
        JsonNode report = JSON.readTree(run.out());
        assertThat(fieldNames(report).subList(0, 3)).containsExactly("reportVersion", "generatedAt", "target");
        assertThat(report.path("reportVersion").asInt()).isEqualTo(3);
        assertThat(report.path("generatedAt").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(report.path("target").toString()).isEqualTo("{\"kind\":\"capture\",\"files\":[\""
                + EXAMPLE + "\",\"" + TTL_HERD + "\"]}");
    }

    @Test
    void analyze_of_stdin_names_it_dash() throws IOException {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(java.nio.file.Files.newInputStream(Path.of(EXAMPLE)));
            CliRun run = CliRun.of("analyze", "-f", "json", "-");
            assertThat(JSON.readTree(run.out()).path("target").path("files").toString()).as("%s", run)
                    .isEqualTo("[\"-\"]");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void simulate_carries_its_own_version_and_the_capture() throws IOException {
        CliRun run = CliRun.of("simulate", "-f", "json", EXAMPLE);
        JsonNode report = JSON.readTree(run.out());
        assertThat(fieldNames(report).subList(0, 3)).containsExactly("reportVersion", "generatedAt", "target");
        assertThat(report.path("reportVersion").asInt()).isEqualTo(1);
        assertThat(report.path("generatedAt").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(report.path("target").path("kind").asText()).isEqualTo("capture");
        assertThat(report.path("target").path("files").get(0).asText()).isEqualTo(EXAMPLE);
    }
}
