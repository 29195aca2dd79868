package dev.stampededoctor.detectors.report;

/**
 * A named failure pattern an incident shows, with the figures that show it.
 *
 * @param code     stable identifier, e.g. {@code per-process-lock}, {@code cold-start},
 *                 {@code trigger-not-captured}, {@code shared-lock} (see docs/report-schema.md)
 * @param sentence what it is and what it costs, in one sentence
 */
public record Diagnosis(String code, String sentence) {
}
