package dev.stampededoctor.cli.render;

import java.util.function.BiFunction;

/** How {@code ttl-audit} writes its report; the int is how many patterns text and markdown show. */
public enum TtlAuditFormat {
    text(TtlAuditTextRenderer::new),
    json((top, style) -> new TtlAuditJsonRenderer()),
    csv((top, style) -> new TtlAuditCsvRenderer()),
    markdown((top, style) -> new TtlAuditMarkdownRenderer(top)),
    html((top, style) -> new HtmlTtlAuditRenderer(top)),
    openmetrics((top, style) -> new TtlAuditOpenMetrics());

    private final BiFunction<Integer, TextStyle, TtlAuditRenderer> factory;

    TtlAuditFormat(BiFunction<Integer, TextStyle, TtlAuditRenderer> factory) {
        this.factory = factory;
    }

    public TtlAuditRenderer renderer(int topPatterns) {
        return renderer(topPatterns, TextStyle.PLAIN);
    }

    /** The renderer showing {@code topPatterns}; text is drawn in {@code style} (the others ignore it). */
    public TtlAuditRenderer renderer(int topPatterns, TextStyle style) {
        return factory.apply(topPatterns, style);
    }
}
