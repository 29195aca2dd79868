package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import java.io.PrintWriter;

/** Writes a {@link TtlAuditReport} in one output format. */
public interface TtlAuditRenderer {
    void render(TtlAuditReport report, PrintWriter out);
}
