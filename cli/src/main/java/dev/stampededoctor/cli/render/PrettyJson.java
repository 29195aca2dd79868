package dev.stampededoctor.cli.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Every JSON document the tool prints: pretty-printed as Jackson's {@code INDENT_OUTPUT} prints
 * it, one document, newline-terminated, the stream left open. The values are written by
 * {@link RecordJson}, not by databind, whose set-up alone was the slowest part of a short run.
 */
public final class PrettyJson<T> {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    /** {@code type} only binds {@code T}: every document type is written the same way. */
    public PrettyJson(Class<T> type) {
        java.util.Objects.requireNonNull(type, "type");
    }

    /** Writes a small document of every kind of value to nowhere, so that a report's first write finds the generator's classes ready. */
    static void warmUp() {
        try (JsonGenerator json = FACTORY.createGenerator(java.io.Writer.nullWriter())) {
            json.setPrettyPrinter(new DefaultPrettyPrinter());
            json.writeStartObject();
            json.writeFieldName("n");
            json.writeNumber(6_172L);
            json.writeFieldName("x");
            json.writeNumber(0.25);
            json.writeFieldName("s");
            json.writeString("é\"");
            json.writeFieldName("a");
            json.writeStartArray();
            json.writeBoolean(true);
            json.writeNull();
            json.writeNumber(7);
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(T value, PrintWriter out) {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.setPrettyPrinter(new DefaultPrettyPrinter());
            RecordJson.write(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }
}
