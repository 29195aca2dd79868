package dev.stampededoctor.cli.redis;

import java.io.IOException;

/** Redis answered a command with an error. */
public final class RedisReplyException extends IOException {
    private final String reply;

    public RedisReplyException(String command, String reply) {
        super(command + " failed: " + reply + hint(reply));
        this.reply = reply;
    }

    /** What to do about the errors a user can fix from the command line. */
    private static String hint(String reply) {
        if (reply.startsWith("NOAUTH")) {
            return " (this Redis needs a password: the URL's, --pass or REDISCLI_AUTH)";
        }
        return "";
    }

    /** The error as Redis sent it, e.g. {@code NOPERM …} or {@code READONLY …}. */
    public String reply() {
        return reply;
    }
}
