package dev.stampededoctor.detectors.simulate;

import dev.stampededoctor.detectors.AnalyzerOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A MONITOR capture written in a test, with times in milliseconds after a fixed start. Lines may
 * be added in any order: they are put in time order (then in the order added), as MONITOR prints them.
 */
final class Monitor {
    static final long START_MICROS = 1_700_000_000_000_000L;

    private record Line(long micros, String text) {
    }

    private final List<Line> lines = new ArrayList<>();

    /** {@code ms} after the start, from client {@code client} (a port on 10.0.0.1), in db 0. */
    Monitor at(double ms, int client, String... args) {
        return atDb(ms, 0, client, args);
    }

    Monitor atDb(double ms, int db, int client, String... args) {
        long micros = START_MICROS + Math.round(ms * 1000);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d.%06d [%d 10.0.0.1:%d]",
                micros / 1_000_000, micros % 1_000_000, db, client));
        for (String a : args) {
            text.append(" \"").append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        lines.add(new Line(micros, text.append('\n').toString()));
        return this;
    }

    /** Every policy with its defaults and the rebuild time the capture shows. */
    SimulationReport simulate() {
        return simulate(-1, Policies.all().toArray(CachePolicy[]::new));
    }

    SimulationReport simulate(long rebuildMicros, CachePolicy... policies) {
        CaptureSimulator simulator = new CaptureSimulator(AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, 1_000);
        try {
            simulator.read("test", new ByteArrayInputStream(text().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return simulator.simulate(new ArrayList<>(List.of(policies)), rebuildMicros);
    }

    String text() {
        StringBuilder b = new StringBuilder("OK\n");
        lines.stream().sorted(Comparator.comparingLong(Line::micros)).forEach(l -> b.append(l.text()));
        return b.toString();
    }

    static PolicyResult result(SimulationReport report, String policy) {
        return report.policies().stream().filter(p -> p.policy().equals(policy)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + policy + " in " + report.policies()));
    }
}
