package dev.stampededoctor.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stampededoctor.detectors.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The JSON report of {@code docs/report-schema.md}: pretty-printed, one document, newline-terminated. */
final class JsonReportRenderer implements ReportRenderer {
    // Built for Report up front (eager serializer fetch), so that OutputFormat.prepare does
    // all of Jackson's set-up before the report exists.
    private final ObjectWriter writer = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .writerFor(Report.class);

    @Override
    public void render(Report report, PrintWriter out) {
        try {
            writer.writeValue(out, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }
}
