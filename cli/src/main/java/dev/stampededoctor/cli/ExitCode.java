package dev.stampededoctor.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process exit codes, in one place: scripts and runbooks depend on them, and {@code --help}
 * lists them from here.
 */
public final class ExitCode {
    /** Nothing found. */
    public static final int OK = 0;
    /** At least one stampede or herd found. */
    public static final int FOUND = 1;
    /** Usage error or unreadable input. */
    public static final int USAGE = 2;
    /** Could not connect, or an I/O failure during a live attach. */
    public static final int CONNECTION = 3;

    /** The list shown under "Exit codes:" in every command's help, code to meaning. */
    public static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        list.put(" " + OK, "Nothing found.");
        list.put(" " + FOUND, "At least one stampede or herd found.");
        list.put(" " + USAGE, "Usage error or unreadable input.");
        list.put(" " + CONNECTION, "Could not connect, or an I/O failure during a live attach.");
        return list;
    }

    private ExitCode() {
    }
}
