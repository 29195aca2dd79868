package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.Report;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
        return from(ms, db, client.equals("lua") ? "lua" : "10.0.0.1:" + client, args);
    }

    /** {@code ms} after the start, from the connection {@code address} ({@code ip:port}), in db {@code db}. */
    Capture from(double ms, int db, String address, String... args) {
        long micros = START_MICROS + Math.round(ms * 1000);
        text.append(String.format(Locale.ROOT, "%d.%06d [%d %s]", micros / 1_000_000, micros % 1_000_000, db, address));
        for (String a : args) {
            text.append(" \"").append(a.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        text.append('\n');
        return this;
    }

    /** The same lines sorted by their timestamps (stable), for captures written key by key. */
    Capture inTimeOrder() {
        String[] lines = text.toString().split("\n");
        List<String> body = new ArrayList<>(Arrays.asList(lines).subList(1, lines.length));
        body.sort(Comparator.comparing(l -> l.substring(0, l.indexOf(' '))));
        Capture sorted = new Capture();
        body.forEach(l -> sorted.text.append(l).append('\n'));
        return sorted;
    }

    /** The 1-based number of the first line containing {@code fragment}. */
    long lineOf(String fragment) {
        String[] lines = text.toString().split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(fragment)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(fragment);
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
