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
        list.put(" 130", "Ctrl-C before there was a report to print (128 + SIGINT).");
        list.put(" 143", "SIGTERM before there was a report to print (128 + SIGTERM).");
        return list;
    }

    /**
     * The codes one command can end with and what each means for it: the list under "Exit
     * codes:" in its help; the tool's general list for a name it does not know.
     */
    public static Map<String, String> helpList(String command) {
        Map<String, String> list = new LinkedHashMap<>();
        switch (command) {
            case "analyze" -> {
                list.put(" " + OK, "Nothing found.");
                list.put(" " + FOUND, "At least one stampede or herd found.");
                list.put(" " + USAGE, "Usage error or unreadable input.");
            }
            case "scan", "watch" -> {
                list.put(" " + OK, "Nothing found (also when Ctrl-C or SIGTERM ended it early).");
                list.put(" " + FOUND, "At least one stampede or herd found (likewise).");
                list.put(" " + USAGE, "Usage error" + (command.equals("watch") ? ", or not a terminal." : "."));
                list.put(" " + CONNECTION, "Could not connect, MONITOR refused, or a partial report: the connection"
                        + " was lost or the output-buffer guard stopped it.");
            }
            case "check" -> {
                list.put(" " + OK, "scan can run and see what it needs.");
                list.put(" " + FOUND, "Something scan needs is missing or refused.");
                list.put(" " + USAGE, "Usage error.");
                list.put(" " + CONNECTION, "Could not connect.");
            }
            case "ttl-audit" -> {
                list.put(" " + OK, "No pattern clustered; with --fail-on, no rule failed.");
                list.put(" " + FOUND, "A pattern's keys expire together; with --fail-on, a rule failed.");
                list.put(" " + USAGE, "Usage error, or --match matched no key (without --allow-empty).");
                list.put(" " + CONNECTION, "Could not connect, or the connection was lost.");
            }
            case "drill" -> {
                list.put(" " + OK, "The last run had no stampede.");
                list.put(" " + FOUND, "The last run stampeded.");
                list.put(" " + USAGE, "Usage error.");
                list.put(" " + CONNECTION, "Could not connect to Redis or PostgreSQL.");
            }
            case "exporter" -> {
                list.put(" " + OK, "Stopped by Ctrl-C, SIGTERM or --duration (a lost Redis is retried, not an exit).");
                list.put(" " + USAGE, "Usage error, or --listen cannot be bound.");
                list.put(" " + CONNECTION, "Could not connect to Redis at start.");
            }
            case "simulate", "completion" -> {
                list.put(" " + OK, "Done.");
                list.put(" " + USAGE, "Usage error or unreadable input.");
            }
            case "plan", "apply", "undo", "jitter" -> {
                list.put(" " + OK, "Done (nothing to do included).");
                list.put(" " + USAGE, "Usage error, or a refusal that says why.");
                list.put(" " + CONNECTION, "Could not connect, or the connection was lost.");
            }
            default -> list.putAll(helpList());
        }
        return list;
    }

    private ExitCode() {
    }
}
