package dev.stampededoctor.cli.watch;

import java.io.IOException;
import org.jline.utils.NonBlockingReader;

/**
 * Reads keys from the terminal in raw mode: printable characters, Enter, Backspace, Ctrl-C (when
 * the terminal hands it on as a character), and the arrows' escape sequences ({@code ESC [ A},
 * {@code ESC O A}). A lone ESC (nothing follows within 50 ms) is Escape.
 */
final class KeyDecoder {
    private static final long SEQUENCE_MILLIS = 50;

    private final NonBlockingReader reader;

    KeyDecoder(NonBlockingReader reader) {
        this.reader = reader;
    }

    /** The next key within {@code timeoutMillis}, null when none came; -1 from the reader (closed) is null too. */
    Key next(long timeoutMillis) throws IOException {
        int c = reader.read(timeoutMillis);
        if (c < 0) {
            return null;
        }
        return switch (c) {
            case '\r', '\n' -> Key.of(Key.Kind.ENTER);
            case 127, 8 -> Key.of(Key.Kind.BACKSPACE);
            case 3 -> Key.of(Key.Kind.INTERRUPT);
            case 27 -> escape();
            default -> c < ' ' ? Key.of(Key.Kind.OTHER) : Key.of((char) c);
        };
    }

    private Key escape() throws IOException {
        int c = reader.peek(SEQUENCE_MILLIS);
        if (c != '[' && c != 'O') {
            return Key.of(Key.Kind.ESCAPE); // what follows is a key of its own: left to be read
        }
        reader.read(SEQUENCE_MILLIS);
        int code = reader.read(SEQUENCE_MILLIS);
        // Skip the parameters of longer sequences (ESC [ 1 ; 5 A) up to their final byte.
        while (code >= '0' && code <= '?') {
            code = reader.read(SEQUENCE_MILLIS);
        }
        return switch (code) {
            case 'A' -> Key.of(Key.Kind.UP);
            case 'B' -> Key.of(Key.Kind.DOWN);
            default -> Key.of(Key.Kind.OTHER);
        };
    }
}
