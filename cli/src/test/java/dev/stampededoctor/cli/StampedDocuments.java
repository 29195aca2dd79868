package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What every JSON document of a live server starts with: its version, when it was made, what it describes. */
final class StampedDocuments {
    private StampedDocuments() {
    }

    /** {@code doc} starts with reportVersion {@code version}, a recent generatedAt, and a target of {@code kind}. */
    static JsonNode assertStamped(JsonNode doc, int version, String kind) {
        List<String> names = new ArrayList<>();
        doc.fieldNames().forEachRemaining(names::add);
        assertThat(names.subList(0, 3)).as("%s", names).containsExactly("reportVersion", "generatedAt", "target");
        assertThat(doc.path("reportVersion").asInt()).isEqualTo(version);
        String at = doc.path("generatedAt").asText();
        assertThat(at).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(Instant.parse(at)).isBetween(Instant.now().minusSeconds(600), Instant.now());
        JsonNode target = doc.path("target");
        assertThat(target.path("kind").asText()).isEqualTo(kind);
        assertThat(target.toString()).as("no credentials").doesNotContain("@", "***");
        if (!kind.equals("capture")) {
            assertThat(target.path("redis").get(0).asText()).startsWith("redis");
        }
        return target;
    }
}
