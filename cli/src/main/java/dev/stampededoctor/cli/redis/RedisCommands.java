package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a cache client needs of Redis: one command and its reply, or a batch written together
 * (MULTI … EXEC must not be split). {@link RedisConnection} is one connection per caller;
 * {@link RedisMultiplexer} shares one connection among threads, as Lettuce and node-redis do.
 */
public interface RedisCommands {
    /** Sends one command and returns its reply; an error reply throws {@link RedisReplyException}. */
    Object call(byte[]... args) throws IOException;

    default Object call(String... args) throws IOException {
        return call(RedisCommands.bytes(args));
    }

    /**
     * Writes {@code commands} back to back (nothing of another caller between them) and returns
     * their replies in order; error replies come back as {@link RedisError}, not thrown.
     */
    List<Object> pipeline(List<byte[][]> commands) throws IOException;

    static byte[][] bytes(String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return b;
    }

    /** The exception an error reply to {@code args} throws from {@link #call}. */
    static RedisReplyException failure(byte[][] args, RedisError e) {
        // AUTH's arguments are secrets: name the command only.
        return new RedisReplyException(new String(args[0], StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT),
                e.message());
    }
}
