package dev.stampededoctor.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Finding one event in a JSON report. */
final class ReportEvents {
    private ReportEvents() {
    }

    /** The first event on {@code key} (or, with {@code orPattern}, on that pattern), else an AssertionError listing them. */
    static JsonNode on(JsonNode report, String key, boolean orPattern) {
        for (JsonNode e : report.path("events")) {
            if (key.equals(e.path("key").asText()) || orPattern && key.equals(e.path("keyPattern").asText())) {
                return e;
            }
        }
        throw new AssertionError("no event on " + key + " in " + report.path("events"));
    }
}
