package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.report.Report;
import java.io.PrintWriter;

/** The JSON report of {@code docs/report-schema.md}. */
final class JsonReportRenderer implements ReportRenderer {
    private final PrettyJson<Report> json = new PrettyJson<>(Report.class);

    /** Made on the renderer-setup thread (OutputFormat#prepare): what writing needs first is done here, beside the analysis. */
    JsonReportRenderer() {
        RecordJson.prepare(Report.class);
        PrettyJson.warmUp();
    }

    @Override
    public void render(Report report, PrintWriter out) {
        json.write(report, out);
    }
}
