package dev.stampededoctor.detectors.command;

import java.nio.charset.StandardCharsets;

/**
 * The Redis commands whose cache meaning the model knows. Everything else is {@link #OTHER}:
 * counted, never interpreted.
 */
public enum CommandType {
    // Reads
    GET, MGET, GETEX, GETDEL, GETSET, GETRANGE, STRLEN, HGET, HMGET, HGETALL, HEXISTS, HKEYS, HVALS, HLEN, EXISTS,
    // Fills
    SET, SETEX, PSETEX, SETNX, MSET, MSETNX, HSET, HMSET, HSETNX,
    // TTL changes
    EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, PERSIST,
    // Invalidations
    DEL, UNLINK, FLUSHDB, FLUSHALL, RENAME, RENAMENX,
    // Structure
    MULTI, EXEC, DISCARD, EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, FCALL, FCALL_RO,
    OTHER;

    private static final CommandType[] VALUES = values();

    private final byte[] name = name().getBytes(StandardCharsets.US_ASCII);
    /** One read per MONITOR line where the analyzer asks (six comparisons were the method's). */
    private final boolean script = name().startsWith("EVAL") || name().startsWith("FCALL");

    public static CommandType of(int ordinal) {
        return VALUES[ordinal];
    }

    /** The command name in upper case, as the report shows it. */
    public byte[] nameBytes() {
        return name;
    }

    /** EVAL, EVALSHA, FCALL and their read-only forms. */
    public boolean isScript() {
        return script;
    }
}
