package dev.stampededoctor.cli.watch;

import dev.stampededoctor.detectors.report.LiveSummary;
import dev.stampededoctor.detectors.ttl.Durations;
import java.util.Locale;

/** The watch screen's first two lines: what is watched, how busy it is, time left, the cost notice. */
final class Header {
    private Header() {
    }

    static void draw(Screen screen, WatchFrame f, UiState ui) {
        WatchFrame.Header h = f.header();
        String state = ui.paused ? "   PAUSED (p resumes; the capture goes on)" : "";
        // Time left first: on a narrow terminal the end of the line is what gets cut.
        screen.add(String.format(Locale.ROOT, "watch · %s left · %s %s %s · via %s%s",
                Durations.text(Math.max(0, f.leftMillis())), h.target(), h.role(), h.version(), h.source(), state),
                Screen.TITLE);
        LiveSummary.InfoSample info = f.info();
        String ops = info == null ? "ops/s -" : String.format(Locale.ROOT, "ops/s %,d", info.opsPerSecond());
        String hit = info == null || info.hitRatio() == null ? "hit -"
                : String.format(Locale.ROOT, "hit %.1f %%", info.hitRatio() * 100);
        String expired = info == null ? "" : String.format(Locale.ROOT, " · expired %,d/s", info.expiredKeys());
        String of = h.nodes() > 1 ? " of " + h.nodes() + " nodes" : "";
        screen.add(String.format(Locale.ROOT, "%s · %s%s (INFO%s) · %s cmd/s, %,d misses seen · MONITOR costs Redis"
                + " throughput while it runs%s", ops, hit, expired, of, Screen.rate(f.commandsPerSecond()), f.misses(),
                h.notifications() ? "; keyspace notifications are on until exit" : ""));
        screen.add("");
    }
}
