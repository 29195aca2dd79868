package dev.stampededoctor.cli.command;

/** Percentages printed back the way the user would type them. */
final class JitterSelectionText {
    private JitterSelectionText() {
    }

    static String percent(double p) {
        return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
    }
}
