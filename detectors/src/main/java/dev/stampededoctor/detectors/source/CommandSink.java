package dev.stampededoctor.detectors.source;

import dev.stampededoctor.detectors.monitor.MonitorLine;

/**
 * Where a source hands its commands, one at a time and in the order they ran, whatever it read
 * them from: MONITOR text, packets, keyspace events. The detectors never know which.
 */
public interface CommandSink {
    /** One command; {@code line} and its buffers are valid only until the call returns. */
    void command(MonitorLine line);

    /** A line of a text source that carries no command (the {@code OK} of redis-cli, a blank line). */
    default void ignored() {
    }

    /** A unit of input that could not be read: {@code reason} in words, and the bytes as they were. */
    default void malformed(long lineNumber, String reason, byte[] buf, int start, int end) {
    }
}
