package dev.stampededoctor.cli.terminal;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Whether stdout or stderr is a terminal. Java 17 cannot tell stderr apart (System.console()
 * looks at stdin and stdout together). On Linux the answer is read from where
 * {@code /proc/self/fd/N} points when that is unambiguous (a pipe, a socket, a file, a
 * pseudo-terminal); otherwise jline's exec provider is asked, which runs {@code test -t}: a
 * process of its own, about 15 ms that every command used to pay before printing anything. Any
 * failure means "not a terminal": the safe answer for scripts.
 */
public final class Terminals {
    private Terminals() {
    }

    public static boolean stdoutIsTerminal() {
        return isTerminal(SystemStream.Output);
    }

    public static boolean stdinIsTerminal() {
        return isTerminal(SystemStream.Input);
    }

    public static boolean stderrIsTerminal() {
        return isTerminal(SystemStream.Error);
    }

    /** Columns of stderr when it is a terminal, else 80. */
    public static int stderrWidth() {
        try {
            int w = TerminalProvider.load("exec").systemStreamWidth(SystemStream.Error);
            return w > 0 ? w : 80;
        } catch (Exception | LinkageError e) {
            return 80;
        }
    }

    /** Columns of stdout when it is a terminal, else 0 (asked once per run, never per line). */
    public static int stdoutWidth() {
        try {
            return Math.max(0, TerminalProvider.load("exec").systemStreamWidth(SystemStream.Output));
        } catch (Exception | LinkageError e) {
            return 0;
        }
    }

    private static boolean isTerminal(SystemStream stream) {
        Boolean known = TerminalDevice.of(fd(stream));
        if (known != null) {
            return known;
        }
        try {
            return TerminalProvider.load("exec").isSystemStream(stream);
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    private static int fd(SystemStream stream) {
        return switch (stream) {
            case Input -> 0;
            case Output -> 1;
            case Error -> 2;
        };
    }

    /** The first of LC_ALL, LC_CTYPE, LANG that is set and not empty names a UTF-8 charset. */
    public static boolean unicodeLocale(java.util.Map<String, String> env) {
        for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                String v = value.toLowerCase(java.util.Locale.ROOT);
                return v.contains("utf-8") || v.contains("utf8");
            }
        }
        return false;
    }
}
