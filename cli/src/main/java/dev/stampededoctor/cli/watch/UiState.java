package dev.stampededoctor.cli.watch;

/**
 * What the user chose on the watch screen: pause, sort column, filter, the incident selected and
 * which view is open. Changed by {@link #press} on the screen's thread only.
 */
final class UiState {
    enum View { MAIN, DETAIL, HELP, FILTER }

    /** How hot keys and patterns are ordered: {@code s} cycles through them. */
    enum Sort {
        READS("reads/s"), MISSES("misses/s"), HIT("hit % (lowest first)");

        final String label;

        Sort(String label) {
            this.label = label;
        }
    }

    View view = View.MAIN;
    Sort sort = Sort.READS;
    boolean paused;
    /** The key glob that panes are filtered by; null shows everything. */
    String filter;
    /** The filter being typed after {@code /}. */
    final StringBuilder typing = new StringBuilder();
    /** The incident {@code ↑↓} point at, 0 the first. */
    int selected;
    boolean quit;

    /** Applies one key; {@code incidents} bounds the selection. */
    void press(Key key, int incidents) {
        if (view == View.FILTER) {
            typeFilter(key);
            return;
        }
        if (view == View.HELP && key.kind() != Key.Kind.INTERRUPT && !(key.kind() == Key.Kind.CHAR
                && (key.ch() == 'q' || key.ch() == 'Q'))) {
            view = View.MAIN; // any key closes the help
            return;
        }
        switch (key.kind()) {
            case CHAR -> character(key.ch(), incidents);
            case UP -> selected = Math.max(0, selected - 1);
            case DOWN -> selected = Math.max(0, Math.min(incidents - 1, selected + 1));
            case ENTER -> view = view == View.MAIN && incidents > 0 ? View.DETAIL : View.MAIN;
            case ESCAPE, BACKSPACE -> view = View.MAIN;
            case INTERRUPT -> quit = true;
            default -> {
            }
        }
    }

    private void character(char c, int incidents) {
        switch (c) {
            case 'q', 'Q' -> quit = true;
            case 'p', 'P' -> paused = !paused;
            case 's', 'S' -> sort = Sort.values()[(sort.ordinal() + 1) % Sort.values().length];
            case '?', 'h' -> view = view == View.HELP ? View.MAIN : View.HELP;
            case '/' -> {
                view = View.FILTER;
                typing.setLength(0);
                if (filter != null) {
                    typing.append(filter);
                }
            }
            case 'k' -> press(Key.of(Key.Kind.UP), incidents);
            case 'j' -> press(Key.of(Key.Kind.DOWN), incidents);
            default -> {
            }
        }
    }

    private void typeFilter(Key key) {
        switch (key.kind()) {
            case ENTER -> {
                String f = typing.toString().strip();
                filter = f.isEmpty() ? null : f.contains("*") || f.contains("?") ? f : "*" + f + "*";
                view = View.MAIN;
                selected = 0;
            }
            case ESCAPE -> view = View.MAIN;
            case BACKSPACE -> {
                if (typing.length() > 0) {
                    typing.setLength(typing.length() - 1);
                }
            }
            case CHAR -> {
                if (typing.length() < 200 && key.ch() >= ' ') {
                    typing.append(key.ch());
                }
            }
            case INTERRUPT -> quit = true;
            default -> {
            }
        }
    }
}
