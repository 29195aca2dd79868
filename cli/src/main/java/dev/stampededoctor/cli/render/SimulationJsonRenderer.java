package dev.stampededoctor.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stampededoctor.detectors.simulate.SimulationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The JSON of {@code docs/report-schema.md#simulate}: pretty-printed, one document, newline-terminated. */
final class SimulationJsonRenderer implements SimulationRenderer {
    private final ObjectWriter writer = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .writerFor(SimulationReport.class);

    @Override
    public void render(SimulationReport report, PrintWriter out) {
        try {
            writer.writeValue(out, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }
}
