package dev.stampededoctor.detectors.report;

import java.math.BigDecimal;

/**
 * What started an event.
 *
 * @param command    DEL, UNLINK, GETDEL, EXPIRE…, FLUSHDB, RENAME; null when the key's TTL ran out
 *                   or when the trigger happened before the capture
 * @param at         epoch seconds with six fraction digits, from the MONITOR timestamps (for a TTL,
 *                   the computed expiry instant; for an unknown trigger, the first miss)
 * @param time       {@code at} as ISO-8601 UTC
 * @param connection the client connection that sent the command ({@code ip:port}, {@code unix:…});
 *                   for a {@code lua} line the connection that ran the script; null without a command
 * @param host       the host (IP) of {@code connection}
 * @param fromScript true when the command ran inside EVAL/EVALSHA/FCALL
 * @param cause      {@code command}, {@code ttl} or {@code unknown}
 * @param line       the capture's own line that did it (a live MONITOR line as Redis sent it), for the
 *                   incident channel; rebuilt from the command (MONITOR-style) when the capture's
 *                   line was no longer at hand; null without a command
 * @param file       the input that holds {@code line}; null without a command
 * @param lineNumber {@code line}'s 1-based number in {@code file}; null without a command
 */
public record Trigger(String cause, String command, BigDecimal at, String time, String connection, String host,
        boolean fromScript, String line,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String file,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Long lineNumber) {

    /** A trigger without a command: a TTL, a soft expiry, or one the capture does not show. */
    public Trigger(String cause, BigDecimal at, String time) {
        this(cause, null, at, time, null, null, false, null, null, null);
    }

    public Trigger(String cause, String command, BigDecimal at, String time, String connection, String host,
            boolean fromScript, String line) {
        this(cause, command, at, time, connection, host, fromScript, line, null, null);
    }
}
