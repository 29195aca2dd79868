package dev.stampededoctor.cli.watch;

/** One key press as the watch screen understands it. */
record Key(Kind kind, char ch) {
    enum Kind { CHAR, UP, DOWN, ENTER, ESCAPE, BACKSPACE, INTERRUPT, OTHER }

    static Key of(Kind kind) {
        return new Key(kind, '\0');
    }

    static Key of(char ch) {
        return new Key(Kind.CHAR, ch);
    }
}
