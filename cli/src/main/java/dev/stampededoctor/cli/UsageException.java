package dev.stampededoctor.cli;

/** A problem with what the user asked for or gave us: one line on stderr, exit 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
