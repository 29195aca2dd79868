package dev.stampededoctor.cli.watch;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The lines of one screen, each cut to the width so that the terminal never wraps, and never more
 * than the height so that it never scrolls.
 */
final class Screen {
    static final AttributedStyle TITLE = AttributedStyle.BOLD;
    static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    static final AttributedStyle SELECTED = AttributedStyle.INVERSE;
    static final AttributedStyle ALARM = AttributedStyle.BOLD.foreground(AttributedStyle.RED);

    final int cols;
    final int rows;
    final boolean unicode;
    private final List<AttributedString> lines = new ArrayList<>();

    Screen(int cols, int rows, boolean unicode) {
        this.cols = cols;
        this.rows = rows;
        this.unicode = unicode;
    }

    int left() {
        return rows - lines.size();
    }

    void add(String text) {
        add(text, AttributedStyle.DEFAULT);
    }

    void add(String text, AttributedStyle style) {
        if (lines.size() < rows) {
            AttributedString s = new AttributedStringBuilder().style(style).append(text.replace('\t', ' ')).toAttributedString();
            lines.add(s.columnLength() > cols ? cut(s) : s);
        }
    }

    /** Lines wrapped at spaces to the width, each after {@code indent} spaces; at most {@code max} of them. */
    void addWrapped(String text, int indent, int max) {
        List<String> wrapped = dev.stampededoctor.cli.render.WordWrap.wrap(" ".repeat(indent), " ".repeat(indent + 2),
                text, cols);
        for (int i = 0; i < Math.min(max, wrapped.size()); i++) {
            add(wrapped.get(i).replace(dev.stampededoctor.cli.render.WordWrap.GLUE, ' '));
        }
    }

    /** Blank lines up to {@code rows - keep}, so that what follows sits at the bottom. */
    void fillTo(int keep) {
        while (lines.size() < rows - keep) {
            lines.add(AttributedString.EMPTY);
        }
    }

    private AttributedString cut(AttributedString s) {
        return new AttributedStringBuilder().append(s.columnSubSequence(0, Math.max(0, cols - 1)))
                .append(unicode ? "…" : ">").toAttributedString();
    }

    List<AttributedString> lines() {
        return List.copyOf(lines);
    }

    /** {@code text} cut or padded to exactly {@code width} columns. */
    static String fit(String text, int width) {
        if (text.length() > width) {
            return width <= 1 ? text.substring(0, Math.max(0, width)) : text.substring(0, width - 1) + "…";
        }
        return text + " ".repeat(width - text.length());
    }

    static String rate(double perSecond) {
        if (perSecond < 10) {
            return String.format(java.util.Locale.ROOT, "%.1f", perSecond);
        }
        return perSecond < 100_000 ? String.format(java.util.Locale.ROOT, "%,.0f", perSecond)
                : String.format(java.util.Locale.ROOT, "%,.0fk", perSecond / 1000);
    }

    static String percent(Double p) {
        return p == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f", p);
    }
}
