package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Prometheus' own {@code promtool check metrics}, lint included, on a text the tool wrote. */
final class Promtool {
    private Promtool() {
    }

    /** promtool's verdict: its exit code and what it printed, {@code "0:"} when the metrics pass. */
    static String checkMetrics(String metrics) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is needed to check the metrics the tool writes: apt-get install prometheus", e);
        }
        p.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + said.strip();
    }
}
