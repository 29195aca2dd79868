package dev.stampededoctor.cli.render;

/** A row of Unicode block characters, one per value, scaled to the largest. */
final class Sparkline {
    private static final char[] BLOCKS = {'·', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    static String of(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return of(values, max);
    }

    /** Scaled to {@code max} rather than to the row's own largest value, so that rows compare. */
    static String of(int[] values, int max) {
        StringBuilder b = new StringBuilder(values.length);
        for (int v : values) {
            b.append(max == 0 || v == 0 ? BLOCKS[0] : BLOCKS[Math.max(1, (int) Math.round(8.0 * v / max))]);
        }
        return b.toString();
    }
}
