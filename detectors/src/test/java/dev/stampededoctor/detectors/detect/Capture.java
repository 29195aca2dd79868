package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.Report;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Builds a MONITOR capture line by line, with times in milliseconds after a fixed start. */
final class Capture {
    static final long START_MICROS = 1_700_000_000_000_000L;

    private final StringBuilder text = new StringBuilder("OK\n");

    /** {@code ms} after the start, from client {@code client} (a port on 10.0.0.1, or "lua"), in db 0. */
    Capture at(double ms, String client, String... args) {
        return atDb(ms, 0, client, args);
    }

    Capture atDb(double ms, int db, String client, String... args) {
        long micros = START_MICROS + Math.round(ms * 1000);
        text.append(String.format(Locale.ROOT, "%d.%06d [%d %s]", micros / 1_000_000, micros % 1_000_000, db,
                client.equals("lua") ? "lua" : "10.0.0.1:" + client));
        for (String a : args) {
            text.append(" \"").append(a.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        text.append('\n');
        return this;
    }

    Report analyze() {
        return analyze(AnalyzerOptions.defaults());
    }

    Report analyze(AnalyzerOptions options) {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(options);
        try {
            analyzer.read("test", new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return analyzer.report();
    }

    static double seconds(double ms) {
        return (START_MICROS + ms * 1000) / 1e6;
    }
}
