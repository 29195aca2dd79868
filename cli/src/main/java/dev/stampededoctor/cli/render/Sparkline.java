package dev.stampededoctor.cli.render;

import java.util.Locale;

/**
 * A row of block characters, one per value, scaled to the largest; in ASCII (a locale that is
 * not UTF-8) a ramp of {@code " .:-=+*#@"}-like characters. The labelled form carries its scale.
 */
public final class Sparkline {
    private static final char[] BLOCKS = {'·', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
    private static final char[] ASCII = {'.', '_', '-', '~', '=', '+', '*', '#', '@'};

    private Sparkline() {
    }

    static String of(int[] values) {
        return of(values, max(values));
    }

    /** Scaled to {@code max} rather than to the row's own largest value, so that rows compare. */
    static String of(int[] values, int max) {
        return of(values, max, true);
    }

    /** In the style's characters: blocks when Unicode, an ASCII ramp otherwise. */
    public static String of(int[] values, int max, TextStyle style) {
        return of(values, max, style.unicode());
    }

    static String of(int[] values, TextStyle style) {
        return of(values, max(values), style.unicode());
    }

    /**
     * The sparkline followed by its scale, held together so that wrapping keeps them on one line:
     * {@code ▁▃█▂ max 714/s} for {@code unit} "/s", {@code ▁▃█▂ max 12 per 100 ms} for " per 100 ms".
     */
    static String labelled(int[] values, int max, String unit, TextStyle style) {
        return of(values, max, style) + WordWrap.GLUE + "max" + WordWrap.GLUE
                + (Numbers.count(max) + unit).replace(' ', WordWrap.GLUE);
    }

    static String labelled(int[] values, String unit, TextStyle style) {
        return labelled(values, max(values), unit, style);
    }

    /** {@code max 714/s}: the scale alone, for rows drawn to one shared maximum. */
    static String scale(int max, String unit) {
        return String.format(Locale.ROOT, "max %s%s", Numbers.count(max), unit);
    }

    private static String of(int[] values, int max, boolean unicode) {
        char[] ramp = unicode ? BLOCKS : ASCII;
        StringBuilder b = new StringBuilder(values.length);
        for (int v : values) {
            b.append(max == 0 || v == 0 ? ramp[0] : ramp[Math.max(1, Math.min(8, (int) Math.round(8.0 * v / max)))]);
        }
        return b.toString();
    }

    public static int max(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
