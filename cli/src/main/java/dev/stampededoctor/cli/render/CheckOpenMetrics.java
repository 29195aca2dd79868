package dev.stampededoctor.cli.render;

import java.io.PrintWriter;
import java.util.List;

/** check's results as OpenMetrics gauges: one per capability (1 allowed, 0 refused), and whether scan can run. */
public final class CheckOpenMetrics {
    /** One capability: its server ({@code redis}, {@code postgres}), name, and whether it is there (null: only told). */
    public record Line(String server, String name, Boolean ok, String node) {
    }

    private CheckOpenMetrics() {
    }

    public static void write(PrintWriter out, String target, String generatedAt, boolean ready, List<Line> lines) {
        OpenMetricsWriter m = new OpenMetricsWriter();
        if (generatedAt != null) {
            m.sample(m.gauge("check_generated_timestamp_seconds", "When the check was made (Unix time)."),
                    java.time.Instant.parse(generatedAt).toEpochMilli() / 1000.0, "target", target);
        }
        m.sample(m.gauge("check_ready", "1 when scan can run with full visibility, else 0."), ready ? 1 : 0, "target",
                target);
        String ok = m.gauge("check_ok", "1 when the capability is there, 0 when it is refused or missing.");
        for (Line l : lines) {
            if (l.ok() != null) {
                if (l.node() == null) {
                    m.sample(ok, l.ok() ? 1 : 0, "target", target, "server", l.server(), "check", l.name());
                } else {
                    m.sample(ok, l.ok() ? 1 : 0, "target", target, "server", l.server(), "node", l.node(), "check",
                            l.name());
                }
            }
        }
        m.write(out);
    }
}
