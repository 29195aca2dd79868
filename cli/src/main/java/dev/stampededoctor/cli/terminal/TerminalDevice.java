package dev.stampededoctor.cli.terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux's {@code /proc/self/fd/N} says about a file descriptor: a terminal, not one, or
 * unknown (no /proc, or a device this does not recognise), when the slower test must decide.
 */
final class TerminalDevice {
    private TerminalDevice() {
    }

    /** True: a terminal; false: certainly not one; null: cannot tell from the link alone. */
    static Boolean of(int fd) {
        String target;
        try {
            target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
        return classify(target);
    }

    /** Classifies a link target as {@code readlink /proc/self/fd/N} prints it. */
    static Boolean classify(String target) {
        if (target.startsWith("pipe:") || target.startsWith("socket:") || target.startsWith("anon_inode:")
                || target.equals("/dev/null")) {
            return Boolean.FALSE;
        }
        if (target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console")) {
            return Boolean.TRUE;
        }
        if (target.startsWith("/") && !target.startsWith("/dev/")) {
            return Boolean.FALSE; // a file (or a deleted one: "/tmp/x (deleted)")
        }
        return null; // another device, or something new: ask the terminal itself
    }
}
