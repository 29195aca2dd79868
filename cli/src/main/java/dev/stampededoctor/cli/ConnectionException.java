package dev.stampededoctor.cli;

/** Could not reach a server, or lost it during a live attach: one line on stderr, exit 3. */
public final class ConnectionException extends RuntimeException {
    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
