package dev.stampededoctor.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.live.LiveSnapshot;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class WatchLayoutTest {
    private static final WatchFrame.Header HEADER = new WatchFrame.Header("redis://cache:6379", "master", "7.2.4",
            "MONITOR", false, 1);

    /** The frame of the example capture once it has been read, with a snapshot before and after. */
    private static WatchFrame exampleFrame(int extraKeys) throws Exception {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        StringBuilder capture = new StringBuilder(Files.readString(Path.of("../examples/invalidation-stampede.monitor.log")));
        for (int i = 0; i < extraKeys; i++) {
            capture.append(String.format(java.util.Locale.ROOT,
                    "1795461942.%06d [0 127.0.0.1:4000] \"GET\" \"a-very-long-key-name:with:many:parts:%d:and-more-of-it\"%n",
                    i, i));
        }
        FrameMaker frames = new FrameMaker(HEADER, "postgresql://db:5432/shop");
        frames.add(analyzer.snapshot(40), 0);
        analyzer.read("example", new ByteArrayInputStream(capture.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        LiveSnapshot end = analyzer.snapshot(40);
        frames.add(end, 1_000_000_000L);
        frames.addDbSample(null);
        return frames.frame(150_000, null, null, null);
    }

    private static List<String> text(List<AttributedString> lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add(l.toString()));
        return out;
    }

    @Test
    void fills_80x24_exactly_without_a_line_too_long() throws Exception {
        WatchFrame frame = exampleFrame(30);
        List<AttributedString> lines = WatchLayout.lines(frame, new UiState(), 80, 24, true);
        assertThat(lines).hasSize(24).allMatch(l -> l.columnLength() <= 80);
        List<String> shown = text(lines);
        assertThat(shown.get(0))
                .isEqualTo("watch · 2 min 30 s left · redis://cache:6379 master 7.2.4 · via MONITOR");
        assertThat(shown.get(23)).startsWith("q quit");
        assertThat(shown).contains("INCIDENTS SO FAR (1)  ↑↓ select · Enter details")
                .anyMatch(l -> l.startsWith("> 1. DEL product:42:detail"))
                .anyMatch(l -> l.startsWith("HOT KEYS"))
                .anyMatch(l -> l.startsWith("PATTERNS"))
                .anyMatch(l -> l.startsWith("POSTGRESQL postgresql://db:5432/shop"));
    }

    @Test
    void a_bigger_terminal_shows_more_rows_and_a_small_one_still_keeps_header_and_keys() throws Exception {
        WatchFrame frame = exampleFrame(30);
        List<String> big = text(WatchLayout.lines(frame, new UiState(), 140, 60, true));
        List<String> small = text(WatchLayout.lines(frame, new UiState(), 80, 12, true));
        assertThat(big).hasSize(60);
        assertThat(big.stream().filter(l -> l.contains("a-very-long-key-name")).count())
                .isGreaterThan(small.stream().filter(l -> l.contains("a-very-long-key-name")).count());
        assertThat(small).hasSize(12);
        assertThat(small.get(0)).startsWith("watch · ");
        assertThat(small.get(11)).startsWith("q quit");
    }

    @Test
    void keys_sort_filter_and_open_an_incident() throws Exception {
        WatchFrame frame = exampleFrame(5);
        UiState ui = new UiState();
        ui.press(Key.of('s'), 1);
        assertThat(text(WatchLayout.lines(frame, ui, 100, 30, true))).anyMatch(l -> l.equals("HOT KEYS  sorted by misses/s"));

        ui.press(Key.of('/'), 1);
        for (char c : "cart".toCharArray()) {
            ui.press(Key.of(c), 1);
        }
        assertThat(text(WatchLayout.lines(frame, ui, 100, 30, true)).get(29)).startsWith("filter: cart_");
        ui.press(Key.of(Key.Kind.ENTER), 1);
        assertThat(ui.filter).isEqualTo("*cart*");
        List<String> filtered = text(WatchLayout.lines(frame, ui, 100, 30, true));
        assertThat(filtered).contains("INCIDENTS SO FAR (0)").noneMatch(l -> l.contains("product:42"))
                .anyMatch(l -> l.contains("cart:"));
        ui.press(Key.of('/'), 1);
        for (int i = 0; i < 6; i++) {
            ui.press(Key.of(Key.Kind.BACKSPACE), 1);
        }
        ui.press(Key.of(Key.Kind.ENTER), 1);
        assertThat(ui.filter).isNull();

        ui.press(Key.of(Key.Kind.ENTER), 1);
        List<String> detail = text(WatchLayout.lines(frame, ui, 100, 30, true));
        assertThat(detail).contains("INCIDENT 1 of 1 · invalidation-stampede · alarm", "FIXES")
                .anyMatch(l -> l.contains("trigger line (line 104): 1795461941.068714 [0 127.0.0.1:39332] \"del\""))
                .anyMatch(l -> l.startsWith("    misses "))
                .anyMatch(l -> l.startsWith("  1. write-through: Overwrite product:42:detail"));
        ui.press(Key.of(Key.Kind.ESCAPE), 1);
        ui.press(Key.of('?'), 1);
        assertThat(text(WatchLayout.lines(frame, ui, 100, 30, true))).anyMatch(l -> l.startsWith("  p           pause"));
        ui.press(Key.of('x'), 1);
        assertThat(ui.view).isEqualTo(UiState.View.MAIN);
        ui.press(Key.of('q'), 1);
        assertThat(ui.quit).isTrue();
    }

    @Test
    void before_any_snapshot_the_panes_say_what_they_wait_for() {
        FrameMaker frames = new FrameMaker(HEADER, null);
        List<String> shown = text(WatchLayout.lines(frames.frame(5_000, null, null, null), new UiState(), 80, 24, false));
        assertThat(shown).hasSize(24).contains("  none yet: an incident shows once its stampede has ended")
                .noneMatch(l -> l.startsWith("POSTGRESQL"));
    }
}
