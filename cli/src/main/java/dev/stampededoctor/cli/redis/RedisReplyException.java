package dev.stampededoctor.cli.redis;

import java.io.IOException;

/** Redis answered a command with an error. */
public final class RedisReplyException extends IOException {
    private final String reply;

    public RedisReplyException(String command, String reply) {
        super(command + " failed: " + reply);
        this.reply = reply;
    }

    /** The error as Redis sent it, e.g. {@code NOPERM …} or {@code READONLY …}. */
    public String reply() {
        return reply;
    }
}
