package dev.stampededoctor.cli.render.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bars per category as inline SVG: one bar per category and series (grouped side by side), each
 * labelled with its value, the y-axis with its unit and scale. For rebuilds per policy, expiries
 * per interval, queries per run.
 */
public final class SvgBarChart {
    private static final int WIDTH = SvgTimeChart.WIDTH;
    private static final int HEIGHT = 240;
    private static final int LEFT = SvgTimeChart.LEFT;
    private static final int RIGHT = SvgTimeChart.RIGHT;
    private static final int TOP = SvgTimeChart.TOP;
    private static final int BOTTOM = 48;

    private record Series(String name, String cssClass, double[] values) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> categories;
    private final List<Series> series = new ArrayList<>();
    private boolean valueLabels = true;

    /** Bars over {@code categories}, titled {@code title}; the labels name the axes with their units. */
    public SvgBarChart(String title, String xLabel, String yLabel, List<String> categories) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.categories = List.copyOf(categories);
    }

    /** One value per category. */
    public SvgBarChart series(String name, String cssClass, double... values) {
        if (values.length != categories.size()) {
            throw new IllegalArgumentException(values.length + " values for " + categories.size() + " categories");
        }
        series.add(new Series(name, cssClass, values.clone()));
        return this;
    }

    /** Without a value over each bar (a histogram of many narrow bars). */
    public SvgBarChart withoutValueLabels() {
        valueLabels = false;
        return this;
    }

    public String svg() {
        double max = 0;
        for (Series s : series) {
            for (double v : s.values) {
                max = Math.max(max, v);
            }
        }
        Ticks y = Ticks.upTo(max);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        int n = Math.max(1, categories.size());
        double slot = plotW / n;
        double barW = slot * 0.8 / Math.max(1, series.size());
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\""
                + " role=\"img\">", WIDTH, HEIGHT));
        b.append("<title>").append(Html.escape(title)).append("</title>");
        b.append(SvgTimeChart.text(LEFT, 18, "chart-title", "start", title));
        for (double v : y.values()) {
            double py = HEIGHT - BOTTOM - v / y.max() * plotH;
            b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                    LEFT, py, WIDTH - RIGHT, py));
            b.append(SvgTimeChart.text(LEFT - 6, py + 4, "tick", "end", y.label(v)));
        }
        b.append(String.format(Locale.ROOT, "<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(14 %.1f) rotate(-90)\">%s</text>",
                (TOP + HEIGHT - BOTTOM) / 2.0, Html.escape(yLabel)));
        int labelEvery = Math.max(1, (int) Math.ceil(categories.size() / 12.0));
        for (int c = 0; c < categories.size(); c++) {
            double slotX = LEFT + c * slot;
            for (int s = 0; s < series.size(); s++) {
                Series ser = series.get(s);
                double v = ser.values[c];
                double h = v / y.max() * plotH;
                double x = slotX + slot * 0.1 + s * barW;
                b.append(String.format(Locale.ROOT, "<rect class=\"bar %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
                        + "<title>%s</title></rect>", Html.escape(ser.cssClass), x, HEIGHT - BOTTOM - h, Math.max(1, barW - 1), h,
                        Html.escape(categories.get(c) + ", " + ser.name + ": " + y.label(v))));
                if (valueLabels) {
                    b.append(SvgTimeChart.text(x + barW / 2, HEIGHT - BOTTOM - h - 4, "value", "middle", format(v)));
                }
            }
            if (c % labelEvery == 0) {
                b.append(SvgTimeChart.text(slotX + slot / 2, HEIGHT - BOTTOM + 16, "tick", "middle", categories.get(c)));
            }
        }
        b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        b.append(SvgTimeChart.text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, "axis-label", "middle", xLabel));
        double x = WIDTH - RIGHT;
        for (int i = series.size() - 1; i >= 0 && series.size() > 1; i--) {
            Series s = series.get(i);
            x -= 14 + 7 * s.name.length();
            b.append(String.format(Locale.ROOT, "<rect class=\"key %s\" x=\"%.1f\" y=\"9\" width=\"10\" height=\"10\"/>",
                    Html.escape(s.cssClass), x));
            b.append(SvgTimeChart.text(x + 13, 18, "legend", "start", s.name));
        }
        b.append("</svg>");
        return b.toString();
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%,.1f", v);
    }
}
