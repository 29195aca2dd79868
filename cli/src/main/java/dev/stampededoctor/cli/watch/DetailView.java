package dev.stampededoctor.cli.watch;

import dev.stampededoctor.cli.render.Sparkline;
import dev.stampededoctor.cli.render.TextStyle;
import dev.stampededoctor.cli.render.Verdict;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Diagnosis;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.Recommendation;
import dev.stampededoctor.detectors.report.Timeline;
import dev.stampededoctor.detectors.report.Trigger;
import java.util.List;
import java.util.Locale;

/** One incident in full: its trigger line, keys, figures, timeline, diagnoses and fixes. */
final class DetailView {
    private DetailView() {
    }

    static void draw(Screen screen, WatchFrame f, UiState ui) {
        Header.draw(screen, f, ui);
        List<Incident> shown = MainView.visible(f, ui);
        if (shown.isEmpty()) {
            screen.add("No incident to show.");
            footer(screen);
            return;
        }
        int at = Math.max(0, Math.min(ui.selected, shown.size() - 1));
        Incident i = shown.get(at);
        screen.add(String.format(Locale.ROOT, "INCIDENT %d of %d · %s%s", at + 1, shown.size(), i.kind(),
                i.alarm() ? " · alarm" : ""), i.alarm() ? Screen.ALARM : Screen.TITLE);
        screen.addWrapped(Verdict.line(i), 2, 3);
        Trigger t = i.trigger();
        if (t.line() != null) {
            String where = t.lineNumber() == null ? "" : " (line " + t.lineNumber() + ")";
            screen.addWrapped("trigger line" + where + ": " + t.line(), 2, 3);
        } else {
            screen.add("  trigger: " + t.cause() + (t.time() == null ? "" : " at " + t.time()));
        }
        screen.addWrapped("keys (" + i.keyCount() + "): " + String.join(", ", i.keys()), 2, 2);
        screen.add(String.format(Locale.ROOT, "  misses %,d · rebuilds %,d (%,d redundant)%s%s", i.misses(), i.rebuilds(),
                i.redundantRebuilds(), i.rebuildMs() == null ? "" : String.format(Locale.ROOT, " · rebuild %.0f ms",
                        i.rebuildMs()), i.recurrence() == null ? "" : String.format(Locale.ROOT,
                        " · %d times, every %.1f s", i.recurrence().count(), i.recurrence().periodSeconds())));
        timeline(screen, f, i);
        for (Diagnosis d : i.diagnoses()) {
            screen.addWrapped("! " + d.sentence(), 2, 3);
        }
        if (!i.recommendations().isEmpty()) {
            screen.add("FIXES", Screen.TITLE);
        }
        for (Recommendation r : i.recommendations()) {
            screen.addWrapped(r.rank() + ". " + r.action() + ": " + r.advice(), 2, 3);
        }
        footer(screen);
    }

    private static void timeline(Screen screen, WatchFrame f, Incident i) {
        if (i.events().isEmpty() || i.events().get(0) >= f.events().size()) {
            return;
        }
        CacheEvent e = f.events().get(i.events().get(0));
        Timeline t = e.evidence() == null ? null : e.evidence().timeline();
        if (t == null) {
            return;
        }
        TextStyle style = new TextStyle(80, screen.unicode, false);
        int max = Math.max(1, Math.max(Sparkline.max(t.misses()), Sparkline.max(t.fills())));
        String unit = " per " + t.bucketMs() + " ms";
        screen.add(String.format(Locale.ROOT, "  timeline from the trigger, one mark per %d ms, scale 0 to %d%s:",
                t.bucketMs(), max, unit));
        screen.add("    misses " + Sparkline.of(t.misses(), max, style));
        screen.add("    fills  " + Sparkline.of(t.fills(), max, style));
        if (e.evidence().peakConcurrentRebuilds() > 0) {
            screen.add(String.format(Locale.ROOT, "    peak %d rebuilds at once, first refill after %.0f ms",
                    e.evidence().peakConcurrentRebuilds(), e.evidence().timeToFirstRefillMs()));
        }
    }

    private static void footer(Screen screen) {
        screen.fillTo(1);
        screen.add("Esc back · ↑↓ other incident · q quit", Screen.DIM);
    }
}
