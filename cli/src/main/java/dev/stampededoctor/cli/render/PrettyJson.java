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
