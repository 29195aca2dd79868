package dev.stampededoctor.cli.render;

import java.util.function.IntFunction;

/** How {@code ttl-audit} writes its report; the int is how many patterns text and markdown show. */
public enum TtlAuditFormat {
    text(TtlAuditTextRenderer::new),
    json(top -> new TtlAuditJsonRenderer()),
    csv(top -> new TtlAuditCsvRenderer()),
    markdown(TtlAuditMarkdownRenderer::new);

    private final IntFunction<TtlAuditRenderer> factory;

    TtlAuditFormat(IntFunction<TtlAuditRenderer> factory) {
        this.factory = factory;
    }

    public TtlAuditRenderer renderer(int topPatterns) {
        return factory.apply(topPatterns);
    }
}
