package dev.stampededoctor.cli.watch;

/** The keys, and what the numbers mean. */
final class HelpView {
    private static final String[] TEXT = {
        "KEYS",
        "  q, Ctrl-C   quit: the screen closes and the full report is written",
        "  p           pause or resume drawing (the capture goes on)",
        "  s           sort hot keys and patterns by reads/s, misses/s, hit %",
        "  /           filter every pane by a key glob (price:* or a word); empty clears",
        "  ↑ ↓ (k j)   select an incident; Enter opens it, Esc goes back",
        "  ?           this help",
        "",
        "NUMBERS",
        "  Rates are per second over the last refresh. Misses are reads of a key that was",
        "  missing or expired, as MONITOR shows them; hit % is over the same interval.",
        "  ops/s, hit and expired come from INFO, every node read added up. An incident",
        "  shows once its stampede ended; until then it is in STAMPEDES IN PROGRESS.",
        "",
        "Any key closes this help.",
    };

    private HelpView() {
    }

    static void draw(Screen screen, WatchFrame f, UiState ui) {
        Header.draw(screen, f, ui);
        for (String line : TEXT) {
            screen.add(line, line.equals(line.toUpperCase(java.util.Locale.ROOT)) && !line.isBlank() ? Screen.TITLE : org.jline.utils.AttributedStyle.DEFAULT);
        }
    }
}
