package dev.stampededoctor.cli.watch;

import java.util.List;
import org.jline.utils.AttributedString;

/** The watch screen's lines for a frame, the user's choices and a size: pure, so tested without a terminal. */
final class WatchLayout {
    private WatchLayout() {
    }

    static List<AttributedString> lines(WatchFrame frame, UiState ui, int cols, int rows, boolean unicode) {
        Screen screen = new Screen(Math.max(20, cols), Math.max(5, rows), unicode);
        switch (ui.view) {
            case DETAIL -> DetailView.draw(screen, frame, ui);
            case HELP -> HelpView.draw(screen, frame, ui);
            default -> MainView.draw(screen, frame, ui);
        }
        return screen.lines();
    }
}
