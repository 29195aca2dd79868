package dev.stampededoctor.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Every JSON document the tool prints: pretty-printed, one document, newline-terminated, the
 * stream left open. Built for one type up front (eager serializer lookup), so that a renderer
 * prepared on a background thread has done all of Jackson's set-up before the report exists.
 */
public final class PrettyJson<T> {
    private final ObjectWriter writer;

    public PrettyJson(Class<T> type) {
        this.writer = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writerFor(type);
    }

    public void write(T value, PrintWriter out) {
        try {
            writer.writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }
}
