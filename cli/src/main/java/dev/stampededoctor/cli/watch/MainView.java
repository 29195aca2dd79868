package dev.stampededoctor.cli.watch;

import dev.stampededoctor.cli.render.Sparkline;
import dev.stampededoctor.cli.render.TextStyle;
import dev.stampededoctor.cli.render.Verdict;
import dev.stampededoctor.detectors.incident.Glob;
import dev.stampededoctor.detectors.live.LiveSnapshot;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.ttl.Durations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The watch screen's main view: header, then the panes (stampedes in progress, incidents, hot
 * keys, patterns, PostgreSQL), each given rows in turn until the screen is full, then the keys.
 */
final class MainView {
    private static final int[] CAPS = {6, 6, 12, 10, 6};

    private MainView() {
    }

    static void draw(Screen screen, WatchFrame f, UiState ui) {
        Header.draw(screen, f, ui);
        List<Pane> panes = new ArrayList<>();
        panes.add(inProgress(f, ui, screen.cols));
        panes.add(incidents(f, ui, screen.cols));
        panes.add(hotKeys(f, ui, screen.cols));
        panes.add(patterns(f, ui, screen.cols));
        if (f.db() != null) {
            panes.add(postgres(f, screen));
        }
        int[] shown = share(panes, screen.left() - 1);
        for (int i = 0; i < panes.size(); i++) {
            panes.get(i).draw(screen, shown[i]);
        }
        screen.fillTo(1);
        screen.add(ui.view == UiState.View.FILTER
                ? "filter: " + ui.typing + "_   Enter apply · Esc cancel · glob * ?"
                : "q quit · p pause · s sort · / filter · ↑↓ Enter incident · ? help", Screen.DIM);
    }

    /**
     * Rows of body for each pane: every pane gets its title and one row if it can, then rows go
     * to the panes in turn, each up to what it has (and its cap), until none are left.
     */
    static int[] share(List<Pane> panes, int available) {
        int[] rows = new int[panes.size()];
        int left = available;
        for (int i = 0; i < panes.size() && left > 0; i++) {
            int need = Math.min(left, panes.get(i).fixed() + 1);
            rows[i] = need;
            left -= need;
        }
        boolean grew = true;
        while (left > 0 && grew) {
            grew = false;
            for (int i = 0; i < panes.size() && left > 0; i++) {
                Pane p = panes.get(i);
                if (rows[i] > 0 && rows[i] < p.fixed() + Math.min(p.body().size(), CAPS[Math.min(i, CAPS.length - 1)])) {
                    rows[i]++;
                    left--;
                    grew = true;
                }
            }
        }
        return rows;
    }

    private static Pane inProgress(WatchFrame f, UiState ui, int cols) {
        List<String> body = new ArrayList<>();
        int keyWidth = Math.max(12, cols - 58);
        for (LiveSnapshot.Stampede s : f.inProgress()) {
            if (ui.filter != null && !Glob.matches(ui.filter, s.key())) {
                continue;
            }
            long ageMs = Math.max(0, (f.captureMicros() - s.startedMicros()) / 1000);
            body.add(String.format(Locale.ROOT, "  %s %-9s %7d %8d %6d  %s%s", Screen.fit(s.key(), keyWidth),
                    Screen.fit(s.trigger(), 9), s.misses(), s.rebuilds(), s.connections(), Durations.text(ageMs),
                    s.refilled() ? " rebuilt" : ""));
        }
        String head = String.format(Locale.ROOT, "  %s %-9s %7s %8s %6s  %s", Screen.fit("key", keyWidth), "trigger",
                "misses", "rebuilds", "conns", "age");
        return new Pane("STAMPEDES IN PROGRESS (" + body.size() + ")", head, body, "  none: no key is being missed and rebuilt by several clients");
    }

    private static Pane incidents(WatchFrame f, UiState ui, int cols) {
        List<String> body = new ArrayList<>();
        List<Incident> shown = visible(f, ui);
        for (int i = 0; i < shown.size(); i++) {
            Incident in = shown.get(i);
            body.add((i == ui.selected ? "> " : "  ") + in.rank() + ". " + Verdict.line(in));
        }
        String title = "INCIDENTS SO FAR (" + shown.size() + ")" + (shown.isEmpty() ? "" : "  ↑↓ select · Enter details");
        Pane p = new Pane(title, null, body, "  none yet: an incident shows once its stampede has ended");
        p.selected = Math.min(ui.selected, Math.max(0, body.size() - 1));
        return p;
    }

    /** The incidents the filter lets through, in rank order. */
    static List<Incident> visible(WatchFrame f, UiState ui) {
        if (ui.filter == null) {
            return f.incidents();
        }
        return f.incidents().stream().filter(i -> i.keys().stream().anyMatch(k -> Glob.matches(ui.filter, k))
                || i.keyPatterns().stream().anyMatch(k -> Glob.matches(ui.filter, k))).toList();
    }

    private static Pane hotKeys(WatchFrame f, UiState ui, int cols) {
        List<WatchFrame.KeyRow> rows = new ArrayList<>(f.hotKeys().stream()
                .filter(k -> ui.filter == null || Glob.matches(ui.filter, k.key())).toList());
        rows.sort(switch (ui.sort) {
            case READS -> Comparator.comparingDouble(WatchFrame.KeyRow::readsPerSecond).reversed();
            case MISSES -> Comparator.comparingDouble(WatchFrame.KeyRow::missesPerSecond).reversed();
            case HIT -> Comparator.comparing((WatchFrame.KeyRow k) -> k.hitPercent() == null ? 101 : k.hitPercent());
        });
        int keyWidth = Math.max(12, cols - 44);
        List<String> body = new ArrayList<>();
        for (WatchFrame.KeyRow k : rows) {
            body.add(String.format(Locale.ROOT, "  %s %9s %9s %6s  %s", Screen.fit(k.key(), keyWidth),
                    Screen.rate(k.readsPerSecond()), Screen.rate(k.missesPerSecond()), Screen.percent(k.hitPercent()),
                    k.ttlLeftMillis() < 0 ? "-" : Durations.text(k.ttlLeftMillis())));
        }
        String head = String.format(Locale.ROOT, "  %s %9s %9s %6s  %s", Screen.fit("key", keyWidth), "reads/s",
                "misses/s", "hit %", "TTL left");
        return new Pane("HOT KEYS  sorted by " + ui.sort.label, head, body, "  no reads yet");
    }

    private static Pane patterns(WatchFrame f, UiState ui, int cols) {
        List<WatchFrame.PatternRow> rows = new ArrayList<>(f.patterns().stream()
                .filter(p -> ui.filter == null || Glob.matches(ui.filter, p.pattern())).toList());
        rows.sort(switch (ui.sort) {
            case READS -> Comparator.comparingDouble(WatchFrame.PatternRow::readsPerSecond).reversed();
            case MISSES -> Comparator.comparingDouble(WatchFrame.PatternRow::missesPerSecond).reversed();
            case HIT -> Comparator.comparing((WatchFrame.PatternRow p) -> p.hitPercent() == null ? 101 : p.hitPercent());
        });
        int width = Math.max(12, cols - 42);
        List<String> body = new ArrayList<>();
        for (WatchFrame.PatternRow p : rows) {
            body.add(String.format(Locale.ROOT, "  %s %9s %9s %6s %9s", Screen.fit(p.pattern(), width),
                    Screen.rate(p.readsPerSecond()), Screen.rate(p.missesPerSecond()), Screen.percent(p.hitPercent()),
                    Screen.rate(p.fillsPerSecond())));
        }
        String head = String.format(Locale.ROOT, "  %s %9s %9s %6s %9s", Screen.fit("pattern", width), "reads/s",
                "misses/s", "hit %", "fills/s");
        return new Pane("PATTERNS", head, body, "  no reads or writes yet");
    }

    private static Pane postgres(WatchFrame f, Screen screen) {
        WatchFrame.DbPane db = f.db();
        int[] history = db.activeHistory();
        int max = Math.max(1, Sparkline.max(history));
        String chart = Sparkline.of(history, max, new TextStyle(80, screen.unicode, false));
        String title = String.format(Locale.ROOT, "POSTGRESQL %s  active backends %s max %d", db.target(), chart, max);
        List<String> body = new ArrayList<>();
        for (WatchFrame.QueryGroup g : db.groups()) {
            body.add(String.format(Locale.ROOT, "  %4d× %s", g.running(), g.query()));
        }
        String empty = db.failure() != null ? "  sampling stopped: " + db.failure() : "  no active query";
        return new Pane(title, null, body, empty);
    }

    /** A titled block of rows, drawn into the rows it is given. */
    static final class Pane {
        private final String title;
        private final String head;
        private final List<String> body;
        private final String empty;
        int selected = -1;

        Pane(String title, String head, List<String> body, String empty) {
            this.title = title;
            this.head = head;
            this.body = body;
            this.empty = empty;
        }

        /** Title and column heads. */
        int fixed() {
            return head == null ? 1 : 2;
        }

        List<String> body() {
            return body.isEmpty() ? List.of(empty) : body;
        }

        void draw(Screen screen, int rows) {
            if (rows <= 0) {
                return;
            }
            screen.add(title, Screen.TITLE);
            int left = rows - 1;
            if (head != null && left > 0 && !body.isEmpty()) {
                screen.add(head, Screen.DIM);
                left--;
            }
            List<String> lines = body();
            // Keep the selected row in sight when the pane is shorter than its list.
            int from = selected >= left ? selected - left + 1 : 0;
            for (int i = from; i < Math.min(lines.size(), from + left); i++) {
                screen.add(lines.get(i), i == selected ? Screen.SELECTED : body.isEmpty() ? Screen.DIM
                        : org.jline.utils.AttributedStyle.DEFAULT);
            }
        }
    }
}
