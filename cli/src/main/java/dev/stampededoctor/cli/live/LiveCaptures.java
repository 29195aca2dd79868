package dev.stampededoctor.cli.live;

import dev.stampededoctor.cli.input.BoundedOutputStream;
import dev.stampededoctor.cli.input.LineCompleteOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a live session's streams are copied as they are read: under --save, one file per node
 * (its whole lines flushed each second, so a SIGKILL leaves a clean file); otherwise a temporary
 * copy per node, bounded, kept only to rank the advice by a replay and then deleted.
 */
final class LiveCaptures {
    private final LiveSettings settings;
    private final int nodes;
    private final List<Path> saved = new ArrayList<>();
    private final List<OutputStream> open = new ArrayList<>();
    private final List<Path> copies = new ArrayList<>();
    private final List<BoundedOutputStream> bounds = new ArrayList<>();
    private Path lastOpened;

    LiveCaptures(LiveSettings settings, int nodes) {
        this.settings = settings;
        this.nodes = nodes;
    }

    /** Opens the copy of node {@code node}'s stream ({@code host:port}; null for one server, or tcpdump's for all). */
    OutputStream open(String node) throws IOException {
        Path file = settings.savedCapture(nodes > 1 ? node : null);
        lastOpened = file;
        OutputStream out;
        if (file != null && settings.packets()) {
            // Written as read: a SIGKILL leaves a pcap whose last record may be cut, which readers tolerate.
            saved.add(file);
            out = Files.newOutputStream(file);
        } else if (file != null) {
            // Whole lines only, flushed each second by the source: a SIGKILL leaves a clean file.
            saved.add(file);
            out = new LineCompleteOutputStream(Files.newOutputStream(file), 1 << 16);
        } else {
            // Kept only for ranking the advice by a replay (AdviceReplay), then deleted.
            Path copy = Files.createTempFile("stampede-doctor-scan-", settings.packets() ? ".pcap"
                    : settings.keyEvents() ? ".events.log" : ".monitor.log");
            copy.toFile().deleteOnExit();
            lastOpened = copy;
            copies.add(copy);
            BoundedOutputStream bounded = new BoundedOutputStream(Files.newOutputStream(copy),
                    LiveSettings.MAX_REPLAY_CAPTURE_BYTES / Math.max(1, nodes));
            bounds.add(bounded);
            out = new BufferedOutputStream(bounded, 1 << 16);
        }
        open.add(out);
        return out;
    }

    /** What an error names when a copy cannot be opened. */
    String lastOpened() {
        return lastOpened == null ? "the capture" : lastOpened.toString();
    }

    /** The saved captures under --save, in node order. */
    List<Path> saved() {
        return saved;
    }

    /** The captures a replay can read: the saved ones, or the temporary copies while none overflowed; else none. */
    List<Path> forReplay() {
        if (bounds.stream().anyMatch(BoundedOutputStream::overflowed)) {
            return List.of();
        }
        return saved.isEmpty() ? copies : saved;
    }

    /** Closes every copy; what failed, as notes for the report. Harmless twice. */
    List<String> close() {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < open.size(); i++) {
            try {
                open.get(i).close();
            } catch (IOException e) {
                failed.add("The saved capture " + (i < saved.size() ? saved.get(i) : "copy") + " may be incomplete: "
                        + e.getMessage());
            }
        }
        open.clear();
        return failed;
    }

    /** Deletes the temporary copies (after the replay). */
    void deleteCopies() {
        for (Path copy : copies) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                // deleteOnExit tries again
            }
        }
    }
}
