package dev.stampededoctor.cli.render.html;

import java.io.PrintWriter;
import java.util.List;

/**
 * Writes one self-contained HTML page: the style sheet inline (screen and print), no script, no
 * external resource, every text escaped. The markup is also well-formed XML (void elements
 * closed, only numeric character references), so tests can parse it with the JDK's parser.
 */
public final class HtmlDocument {
    private static final String STYLE = """
            :root { --ink: #1d2330; --muted: #5b6373; --rule: #d9dde5; --alarm: #b3261e; --ok: #1e7a3c; }
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
                   color: var(--ink); max-width: 1000px; margin: 24px auto; padding: 0 20px; }
            h1 { font-size: 22px; margin: 0 0 4px; }
            h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
            h3 { font-size: 16px; margin: 20px 0 6px; }
            .meta { color: var(--muted); font-size: 13px; margin: 0 0 12px; }
            .verdict { font-size: 18px; font-weight: 600; padding: 10px 14px; border-left: 5px solid var(--alarm);
                       background: #fbeeed; }
            .verdict.healthy { border-color: var(--ok); background: #eaf5ee; }
            table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
            th, td { border-bottom: 1px solid var(--rule); padding: 3px 8px; text-align: left; vertical-align: top; }
            td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
            pre { background: #f4f5f8; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
            figure { margin: 10px 0 16px; }
            figcaption { color: var(--muted); font-size: 13px; }
            svg.chart { width: 100%; height: auto; display: block; font-size: 11px; }
            svg .chart-title { font-size: 13px; font-weight: 600; fill: var(--ink); }
            svg .tick, svg .legend, svg .value { fill: var(--muted); }
            svg .axis-label { fill: var(--muted); font-size: 12px; }
            svg .grid { stroke: #eceef2; }
            svg .axis { stroke: #8a909c; }
            svg .line { fill: none; stroke-width: 1.6; }
            svg .mark { stroke: #7a2fb0; stroke-dasharray: 4 3; }
            svg .mark-label { fill: #7a2fb0; font-weight: 600; }
            svg .shade { fill: #f3c9c6; opacity: 0.55; }
            .s-reads { stroke: #7c8594; fill: #7c8594; }
            .s-miss { stroke: #c62828; fill: #c62828; }
            .s-fill { stroke: #2e7d32; fill: #2e7d32; }
            .s-flight { stroke: #ef6c00; fill: #ef6c00; }
            .s-db { stroke: #1565c0; fill: #1565c0; }
            .s-a { stroke: #3949ab; fill: #3949ab; }
            .s-b { stroke: #00897b; fill: #00897b; }
            svg .line.s-reads, svg .line.s-miss, svg .line.s-fill, svg .line.s-flight, svg .line.s-db, svg .line.s-a,
            svg .line.s-b { fill: none; }
            ul.ranked { list-style: none; padding-left: 8px; font-size: 16px; }
            ul.ranked li { margin: 2px 0; }
            @media print {
              body { max-width: none; margin: 0; font-size: 10.5pt; }
              h2 { break-after: avoid; }
              figure, table, pre, section.incident { break-inside: avoid; }
              .verdict { background: none; }
              pre { background: none; border: 1px solid var(--rule); }
            }
            """;

    private final PrintWriter out;

    /** Starts the page: doctype, head with {@code title} and the style sheet, body. */
    public HtmlDocument(PrintWriter out, String title) {
        this.out = out;
        out.println("<!DOCTYPE html>");
        out.println("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">");
        out.println("<head>");
        out.println("<meta charset=\"utf-8\"/>");
        out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>");
        out.println("<title>" + Html.escape(title) + "</title>");
        out.println("<style>");
        out.print(STYLE);
        out.println("</style>");
        out.println("</head>");
        out.println("<body>");
    }

    /** An element holding {@code text}, escaped: {@code element("h2", "Incidents")}. */
    public HtmlDocument element(String tag, String text) {
        out.println("<" + tag + ">" + Html.escape(text) + "</" + tag + ">");
        return this;
    }

    /** An element of class {@code cssClass} holding {@code text}, escaped. */
    public HtmlDocument element(String tag, String cssClass, String text) {
        out.println("<" + tag + " class=\"" + Html.escape(cssClass) + "\">" + Html.escape(text) + "</" + tag + ">");
        return this;
    }

    /** Opens {@code <tag class="…">}; {@link #close} closes it. */
    public HtmlDocument open(String tag, String cssClass) {
        out.println("<" + tag + (cssClass == null ? "" : " class=\"" + Html.escape(cssClass) + "\"") + ">");
        return this;
    }

    public HtmlDocument close(String tag) {
        out.println("</" + tag + ">");
        return this;
    }

    /** Preformatted text (a trigger's command line, a code sketch), escaped. */
    public HtmlDocument pre(String text) {
        out.println("<pre>" + Html.escape(text) + "</pre>");
        return this;
    }

    /** A list of escaped items; {@code ordered} for a ranking. */
    public HtmlDocument list(boolean ordered, String cssClass, List<String> items) {
        if (items.isEmpty()) {
            return this;
        }
        String tag = ordered ? "ol" : "ul";
        open(tag, cssClass);
        items.forEach(i -> element("li", i));
        return close(tag);
    }

    /** A chart (markup made by {@link SvgTimeChart} or {@link SvgBarChart}) with an escaped caption. */
    public HtmlDocument figure(String svg, String caption) {
        out.println("<figure>");
        out.println(svg);
        if (caption != null) {
            out.println("<figcaption>" + Html.escape(caption) + "</figcaption>");
        }
        out.println("</figure>");
        return this;
    }

    /**
     * A table; every cell escaped. Columns whose header is in {@code numeric} are right-aligned.
     */
    public HtmlDocument table(List<String> headers, List<List<String>> rows, List<String> numeric) {
        out.println("<table>");
        out.print("<thead><tr>");
        for (String h : headers) {
            out.print((numeric.contains(h) ? "<th class=\"n\">" : "<th>") + Html.escape(h) + "</th>");
        }
        out.println("</tr></thead>");
        out.println("<tbody>");
        for (List<String> row : rows) {
            out.print("<tr>");
            for (int c = 0; c < row.size(); c++) {
                boolean n = c < headers.size() && numeric.contains(headers.get(c));
                out.print((n ? "<td class=\"n\">" : "<td>") + Html.escape(row.get(c)) + "</td>");
            }
            out.println("</tr>");
        }
        out.println("</tbody>");
        out.println("</table>");
        return this;
    }

    /** Ends the page and flushes. */
    public void end() {
        out.println("</body>");
        out.println("</html>");
        out.flush();
    }
}
