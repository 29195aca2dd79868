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
 * @param line       the trigger as a MONITOR-style line, for the incident channel
 */
public record Trigger(String cause, String command, BigDecimal at, String time, String connection, String host,
        boolean fromScript, String line) {
}
