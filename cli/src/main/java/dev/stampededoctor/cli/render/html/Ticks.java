package dev.stampededoctor.cli.render.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Round tick values for an axis (1, 2 or 5 times a power of ten) and their labels. */
public final class Ticks {
    private static final int TARGET_TICKS = 5;

    private final double step;
    private final double max;

    private Ticks(double step, double max) {
        this.step = step;
        this.max = max;
    }

    /** Ticks from 0 covering {@code [0, max]}; the axis ends at the last tick, at or above {@code max}. */
    public static Ticks upTo(double max) {
        double top = max > 0 ? max : 1;
        double raw = top / TARGET_TICKS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / magnitude;
        double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
        return new Ticks(step, Math.ceil(top / step - 1e-9) * step);
    }

    /** Where the axis ends. */
    public double max() {
        return max;
    }

    public List<Double> values() {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i * step <= max + step * 1e-9; i++) {
            out.add(i * step);
        }
        return out;
    }

    /** A tick's label: grouped digits, decimals only as fine as the step needs. */
    public String label(double v) {
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
