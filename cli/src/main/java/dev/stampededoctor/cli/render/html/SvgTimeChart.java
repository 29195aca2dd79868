package dev.stampededoctor.cli.render.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chart of counts over time as inline SVG: step lines per series, vertical markers (triggers)
 * and shaded spans (incidents), both axes labelled with their unit and scale. No script: the
 * browser draws it as it is, offline and in print.
 *
 * <pre>{@code
 * String svg = new SvgTimeChart("Misses", "seconds from the trigger", "per 100 ms")
 *         .series("misses", "s-miss", 0, 0.1, missCounts).mark(0, "DEL").svg();
 * }</pre>
 */
public final class SvgTimeChart {
    static final int WIDTH = 880;
    static final int HEIGHT = 240;
    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 34;
    static final int BOTTOM = 44;

    private record Series(String name, String cssClass, double x0, double dx, double[] values) {
    }

    private record Mark(double x, String label) {
    }

    private record Shade(double from, double to, String label) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private final List<Shade> shades = new ArrayList<>();
    private Double fixedMax;

    /** A chart titled {@code title}; {@code xLabel} and {@code yLabel} name the axes with their units. */
    public SvgTimeChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** A series whose i-th value covers {@code [x0 + i·dx, x0 + (i+1)·dx)}. */
    public SvgTimeChart series(String name, String cssClass, double x0, double dx, long[] values) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return series(name, cssClass, x0, dx, v);
    }

    public SvgTimeChart series(String name, String cssClass, double x0, double dx, double[] values) {
        series.add(new Series(name, cssClass, x0, dx, values.clone()));
        return this;
    }

    /** A vertical line at {@code x} labelled {@code label} (a trigger). */
    public SvgTimeChart mark(double x, String label) {
        marks.add(new Mark(x, label));
        return this;
    }

    /** A shaded span (an incident). */
    public SvgTimeChart shade(double from, double to, String label) {
        shades.add(new Shade(from, Math.max(to, from), label));
        return this;
    }

    /** A y-axis ending at {@code max} whatever the data (a ratio's 100 %). */
    public SvgTimeChart yMax(double max) {
        this.fixedMax = max;
        return this;
    }

    /** The chart as an {@code <svg>} element. */
    public String svg() {
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        double yMax = 0;
        for (Series s : series) {
            xMin = Math.min(xMin, s.x0);
            xMax = Math.max(xMax, s.x0 + s.dx * s.values.length);
            for (double v : s.values) {
                if (!Double.isNaN(v)) {
                    yMax = Math.max(yMax, v);
                }
            }
        }
        if (xMin > xMax) {
            xMin = 0;
            xMax = 1;
        }
        for (Mark m : marks) {
            xMin = Math.min(xMin, m.x);
            xMax = Math.max(xMax, m.x);
        }
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        Ticks y = Ticks.upTo(fixedMax != null ? fixedMax : yMax);
        Frame f = new Frame(xMin, xMax, y.max());
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\""
                + " role=\"img\">", WIDTH, HEIGHT));
        b.append("<title>").append(Html.escape(title)).append("</title>");
        b.append(text(LEFT, 18, "chart-title", "start", title));
        for (Shade s : shades) {
            double x0 = f.x(Math.max(s.from, xMin));
            double x1 = f.x(Math.min(s.to, xMax));
            b.append(String.format(Locale.ROOT, "<rect class=\"shade\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s</title></rect>",
                    x0, TOP, Math.max(2, x1 - x0), HEIGHT - TOP - BOTTOM, Html.escape(s.label)));
        }
        yAxis(b, f, y);
        xAxis(b, f);
        for (Series s : series) {
            b.append("<path class=\"line ").append(Html.escape(s.cssClass)).append("\" d=\"").append(steps(f, s))
                    .append("\"><title>").append(Html.escape(s.name)).append("</title></path>");
        }
        for (Mark m : marks) {
            double x = f.x(m.x);
            b.append(String.format(Locale.ROOT, "<line class=\"mark\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                    x, TOP - 4, x, HEIGHT - BOTTOM));
            b.append(text(x + 3, TOP + 8, "mark-label", "start", m.label));
        }
        legend(b);
        b.append("</svg>");
        return b.toString();
    }

    private void legend(StringBuilder b) {
        double x = WIDTH - RIGHT;
        for (int i = series.size() - 1; i >= 0; i--) {
            Series s = series.get(i);
            x -= 14 + 7 * s.name.length();
            b.append(String.format(Locale.ROOT, "<rect class=\"key %s\" x=\"%.1f\" y=\"9\" width=\"10\" height=\"10\"/>",
                    Html.escape(s.cssClass), x));
            b.append(text(x + 13, 18, "legend", "start", s.name));
        }
    }

    private void yAxis(StringBuilder b, Frame f, Ticks y) {
        for (double v : y.values()) {
            double py = f.y(v);
            b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                    LEFT, py, WIDTH - RIGHT, py));
            b.append(text(LEFT - 6, py + 4, "tick", "end", y.label(v)));
        }
        double mid = (TOP + HEIGHT - BOTTOM) / 2.0;
        b.append(String.format(Locale.ROOT, "<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(14 %.1f) rotate(-90)\">%s</text>",
                mid, Html.escape(yLabel)));
    }

    private void xAxis(StringBuilder b, Frame f) {
        b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        Ticks x = Ticks.upTo(f.xMax - f.xMin);
        for (double v : x.values()) {
            double value = f.xMin + v;
            if (value > f.xMax + 1e-9) {
                break;
            }
            double px = f.x(value);
            b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                    px, HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 4));
            b.append(text(px, HEIGHT - BOTTOM + 16, "tick", "middle", x.label(value)));
        }
        b.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, "axis-label", "middle", xLabel));
    }

    /** A step line; a NaN value (not known: a hit ratio without reads) leaves a gap. */
    private static String steps(Frame f, Series s) {
        StringBuilder d = new StringBuilder();
        boolean drawing = false;
        for (int i = 0; i < s.values.length; i++) {
            if (Double.isNaN(s.values[i])) {
                drawing = false;
                continue;
            }
            double x0 = f.x(s.x0 + i * s.dx);
            double x1 = f.x(s.x0 + (i + 1) * s.dx);
            double y = f.y(s.values[i]);
            d.append(String.format(Locale.ROOT, drawing ? "V%2$.1f" : "M%.1f %.1f", x0, y));
            d.append(String.format(Locale.ROOT, "H%.1f", x1));
            drawing = true;
        }
        return d.length() == 0 ? "M0 0" : d.toString();
    }

    static String text(double x, double y, String cssClass, String anchor, String text) {
        return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
                cssClass, x, y, anchor, Html.escape(text));
    }

    /** Data to pixels. */
    private record Frame(double xMin, double xMax, double yMax) {
        double x(double v) {
            return LEFT + (v - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
        }

        double y(double v) {
            return HEIGHT - BOTTOM - Math.min(v, yMax) / yMax * (HEIGHT - TOP - BOTTOM);
        }
    }
}
