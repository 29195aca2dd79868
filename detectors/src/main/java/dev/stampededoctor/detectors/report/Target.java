package dev.stampededoctor.detectors.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a document describes, so that a stored report still says where it came from.
 *
 * @param kind     {@code capture} (files or stdin), {@code redis} (a live server), {@code drill}
 * @param files    the capture's inputs, in the order read ({@code -} for stdin); null for a live target
 * @param redis    the Redis endpoints, as URLs without credentials; null for a capture
 * @param postgres the PostgreSQL URL without credentials, when one was read; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Target(String kind, List<String> files, List<String> redis, String postgres) {

    public static Target capture(List<String> files) {
        return new Target("capture", List.copyOf(files), null, null);
    }

    public static Target redis(List<String> endpoints, String postgres) {
        return new Target("redis", null, List.copyOf(endpoints), postgres);
    }

    /** A drill's servers: the Redis it ran its workload on and the PostgreSQL behind it. */
    public static Target drill(List<String> endpoints, String postgres) {
        return new Target("drill", null, List.copyOf(endpoints), postgres);
    }

    /** This target with the PostgreSQL side it was read with. */
    public Target withPostgres(String url) {
        return new Target(kind, files, redis, url);
    }
}
