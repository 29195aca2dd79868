package dev.stampededoctor.cli.render;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.function.Supplier;

/** How a report is written to stdout. */
public enum OutputFormat {
    text(TextReportRenderer::new),
    json(style -> new JsonReportRenderer()),
    markdown(style -> new MarkdownReportRenderer()),
    html(style -> new HtmlReportRenderer()),
    openmetrics(style -> new ReportOpenMetrics());

    /** Makes the renderer for a text style (which only text uses: Markdown is never wrapped or coloured). */
    private final Function<TextStyle, ReportRenderer> factory;

    OutputFormat(Function<TextStyle, ReportRenderer> factory) {
        this.factory = factory;
    }

    /** {@link #prepare(TextStyle)} in the plain style (80 columns, no colour). */
    public Supplier<ReportRenderer> prepare() {
        return prepare(TextStyle.PLAIN);
    }

    /**
     * Starts building the renderer on a daemon thread and returns a handle that waits for it.
     * Jackson's set-up is about 0.1 s of class loading; started before an analysis, it overlaps
     * the analysis instead of adding to it.
     */
    public Supplier<ReportRenderer> prepare(TextStyle style) {
        FutureTask<ReportRenderer> task = new FutureTask<>(() -> factory.apply(style));
        Thread thread = new Thread(task, "renderer-setup");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while preparing the " + name() + " renderer", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("could not prepare the " + name() + " renderer", e.getCause());
            }
        };
    }
}
