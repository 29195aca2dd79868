package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.simulate.SimulationReport;
import java.io.PrintWriter;

/** Writes a {@link SimulationReport} in one output format. */
public interface SimulationRenderer {
    void render(SimulationReport report, PrintWriter out);

    /** The renderer of {@code simulate} for a {@code --format}. */
    static SimulationRenderer of(OutputFormat format) {
        return switch (format) {
            case text -> new SimulationTextRenderer();
            case json -> new SimulationJsonRenderer();
            case markdown -> new SimulationMarkdownRenderer();
        };
    }
}
