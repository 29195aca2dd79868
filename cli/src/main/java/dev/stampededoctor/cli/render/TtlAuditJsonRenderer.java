package dev.stampededoctor.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The JSON of {@code docs/report-schema.md#ttl-audit}: every pattern, pretty-printed. */
final class TtlAuditJsonRenderer implements TtlAuditRenderer {
    private final ObjectWriter writer = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .writerFor(TtlAuditReport.class);

    @Override
    public void render(TtlAuditReport report, PrintWriter out) {
        try {
            writer.writeValue(out, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }
}
