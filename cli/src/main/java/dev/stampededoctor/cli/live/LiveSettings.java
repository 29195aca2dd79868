package dev.stampededoctor.cli.live;

import java.nio.file.Path;

/**
 * How a live scan reads: its source, for how long, the guard's bound and where the stream is saved.
 *
 * @param source          {@code monitor}, {@code tcpdump} or {@code events}
 * @param saveDir         --save's directory, or null
 * @param savedName       the saved capture's name for one server ({@code monitor.log}, …); for a node
 *                        of several, {@code monitor-HOST_PORT.log}
 */
public record LiveSettings(String source, long durationNanos, long maxClientBuffer, String captureInterface,
        Path saveDir, String savedName) {
    /** The capture kept for the advice's replay when not saving one: beyond this the advice is ranked by cause. */
    public static final long MAX_REPLAY_CAPTURE_BYTES = 256L << 20;

    public boolean packets() {
        return source.equals("tcpdump");
    }

    public boolean keyEvents() {
        return source.equals("events");
    }

    /**
     * The saved capture of one server (node null) or of node {@code host:port} of several, where
     * {@code analyze} finds the node again: {@code monitor-10.0.0.5_6379.log}; null without --save.
     */
    public Path savedCapture(String node) {
        if (saveDir == null) {
            return null;
        }
        if (node == null) {
            return saveDir.resolve(savedName);
        }
        return saveDir.resolve(dev.stampededoctor.cli.input.NodeNames.fileNameOf(savedName, node)); // analyze reads it back
    }
}
