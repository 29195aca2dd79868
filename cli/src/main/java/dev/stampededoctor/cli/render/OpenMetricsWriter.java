package dev.stampededoctor.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics in the OpenMetrics text format, for node_exporter's textfile collector or a push: one
 * family per name (HELP, TYPE, then its samples), label values escaped, {@code # EOF} last.
 * Written by hand rather than with the Prometheus client: a report is one snapshot, printed
 * once, and the families are few; the client's registry earns its keep in a long-running exporter.
 * Every value is a gauge: a report's counts describe one capture, not a counter that only rises.
 */
final class OpenMetricsWriter {
    private static final String PREFIX = "stampede_doctor_";

    private final Map<String, Family> families = new LinkedHashMap<>();

    private record Family(String help, List<String> samples) {
    }

    /** Declares a gauge (once; later calls add nothing) and returns its full name. */
    String gauge(String name, String help) {
        String full = PREFIX + name;
        families.computeIfAbsent(full, n -> new Family(help, new ArrayList<>()));
        return full;
    }

    /** One sample of a declared family; {@code labels} alternate names and values; nothing for a null value. */
    void sample(String family, Number value, String... labels) {
        if (value == null) {
            return;
        }
        StringBuilder b = new StringBuilder(family);
        if (labels.length > 0) {
            b.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (labels[i + 1] == null) {
                    continue;
                }
                if (b.charAt(b.length() - 1) != '{') {
                    b.append(',');
                }
                b.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            b.append('}');
            if (b.charAt(b.length() - 2) == '{') {
                b.setLength(b.length() - 2);
            }
        }
        b.append(' ').append(format(value));
        families.get(family).samples().add(b.toString());
    }

    /** Writes every family that has samples, then {@code # EOF}. */
    void write(PrintWriter out) {
        for (Map.Entry<String, Family> f : families.entrySet()) {
            if (f.getValue().samples().isEmpty()) {
                continue;
            }
            out.print("# HELP " + f.getKey() + " " + f.getValue().help().replace("\\", "\\\\").replace("\n", "\\n")
                    + "\n");
            out.print("# TYPE " + f.getKey() + " gauge\n");
            for (String s : f.getValue().samples()) {
                out.print(s + "\n");
            }
        }
        out.print("# EOF\n");
        out.flush();
    }

    /** A label value as the format wants it: backslash, double quote and newline escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(Number value) {
        if (value instanceof Double || value instanceof Float) {
            double d = value.doubleValue();
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "+Inf" : "-Inf";
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d)
                    : java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value.longValue());
    }
}
