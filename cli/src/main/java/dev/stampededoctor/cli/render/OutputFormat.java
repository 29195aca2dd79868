package dev.stampededoctor.cli.render;

/** How a report is written to stdout. */
public enum OutputFormat {
    text(new TextReportRenderer()),
    json(new JsonReportRenderer()),
    markdown(new MarkdownReportRenderer());

    private final ReportRenderer renderer;

    OutputFormat(ReportRenderer renderer) {
        this.renderer = renderer;
    }

    public ReportRenderer renderer() {
        return renderer;
    }
}
