package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import java.io.PrintWriter;

/** The JSON of {@code docs/report-schema.md#ttl-audit}: every pattern. */
final class TtlAuditJsonRenderer implements TtlAuditRenderer {
    private final PrettyJson<TtlAuditReport> json = new PrettyJson<>(TtlAuditReport.class);

    @Override
    public void render(TtlAuditReport report, PrintWriter out) {
        json.write(report, out);
    }
}
