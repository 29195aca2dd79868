package dev.stampededoctor.detectors.ttl;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One {@code --fail-on} rule as the audit measured it.
 *
 * @param rule    the rule as given
 * @param value   what was measured (a share in %)
 * @param failed  the value passed the threshold
 * @param pattern for a per-pattern metric, the pattern that gave the value
 */
public record AuditCheck(String rule, double value, boolean failed,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pattern) {
}
