package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.simulate.SimulationReport;
import java.io.PrintWriter;

/** Writes a {@link SimulationReport} in one output format. */
public interface SimulationRenderer {
    void render(SimulationReport report, PrintWriter out);

    /** The renderer of {@code simulate} for a {@code --format}. */
    static SimulationRenderer of(OutputFormat format) {
        return of(format, TextStyle.PLAIN);
    }

    /** The renderer of {@code simulate} for a {@code --format}; text is drawn in {@code style}. */
    static SimulationRenderer of(OutputFormat format, TextStyle style) {
        return switch (format) {
            case text -> new SimulationTextRenderer(style);
            case json -> new SimulationJsonRenderer();
            case markdown -> new SimulationMarkdownRenderer();
            case html -> new HtmlSimulationRenderer();
            case openmetrics -> throw new dev.stampededoctor.cli.UsageException("--format openmetrics is for analyze,"
                    + " scan, ttl-audit and check; simulate writes text, json, markdown or html");
        };
    }
}
