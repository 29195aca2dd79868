package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.simulate.SimulationReport;
import java.io.PrintWriter;

/** The JSON of {@code docs/report-schema.md#simulate}. */
final class SimulationJsonRenderer implements SimulationRenderer {
    private final PrettyJson<SimulationReport> json = new PrettyJson<>(SimulationReport.class);

    @Override
    public void render(SimulationReport report, PrintWriter out) {
        json.write(report, out);
    }
}
