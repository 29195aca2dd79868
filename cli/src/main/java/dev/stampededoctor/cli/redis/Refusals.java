package dev.stampededoctor.cli.redis;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.UsageException;

/** What a refusal at connect time (AUTH, SELECT) is to the user. */
public final class Refusals {
    private Refusals() {
    }

    /**
     * A database the server lacks is the command line's mistake (exit 2); any other refusal is the
     * server's (exit 3).
     */
    public static RuntimeException atConnect(RedisUrl target, RedisReplyException e) {
        if (e.reply().contains("DB index is out of range")) {
            return new UsageException("Redis at " + target + " has no database " + target.db() + " (" + e.reply()
                    + "; its 'databases' setting says how many)", e);
        }
        return new ConnectionException("Redis at " + target + " refused us: " + e.reply(), e);
    }
}
