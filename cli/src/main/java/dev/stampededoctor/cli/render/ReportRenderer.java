package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.report.Report;
import java.io.PrintWriter;

/** Writes a {@link Report} in one output format. */
public interface ReportRenderer {
    void render(Report report, PrintWriter out);
}
