package dev.stampededoctor.detectors.monitor;

/** What the parser made of one line: a command, a line to ignore, or the reason it is malformed. */
public enum LineVerdict {
    COMMAND(null),
    /** The {@code OK} that {@code redis-cli monitor} prints first, or a blank line. */
    IGNORED(null),
    BAD_TIMESTAMP("no <seconds>.<microseconds> timestamp"),
    BAD_DB("no [<db> <source>] or (db <n>) after the timestamp"),
    NO_COMMAND("no quoted command after the source"),
    BAD_ARGUMENT("arguments are not quoted and separated by one space"),
    BAD_ESCAPE("unknown escape sequence"),
    UNTERMINATED("argument quote not closed (truncated line?)"),
    TOO_LONG("line longer than the line limit");

    private final String reason;

    LineVerdict(String reason) {
        this.reason = reason;
    }

    /** A short, human reason for a malformed line; null for good lines. */
    public String reason() {
        return reason;
    }

    public boolean isMalformed() {
        return reason != null;
    }
}
