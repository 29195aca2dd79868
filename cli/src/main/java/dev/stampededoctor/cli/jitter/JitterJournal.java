package dev.stampededoctor.cli.jitter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.detectors.keys.KeyText;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The journal of a jitter apply: one JSON line per key, written and forced to disk before the
 * batch holding that key is sent, so that an apply stopped at any point (Ctrl-C, a lost
 * connection, a crash) leaves a journal {@code jitter undo} can use. Never overwrites a file.
 */
public final class JitterJournal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileChannel channel;
    private final StringBuilder pending = new StringBuilder();

    private JitterJournal(FileChannel channel) {
        this.channel = channel;
    }

    /** Creates {@code file}; fails if it exists. */
    public static JitterJournal create(Path file) throws IOException {
        return new JitterJournal(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    public void add(int db, byte[] key, long ttlMs, long newTtlMs, long at) throws IOException {
        JournalEntry e = new JournalEntry(db, Base64.getEncoder().encodeToString(key), KeyText.display(key), ttlMs,
                newTtlMs, at);
        pending.append(JSON.writeValueAsString(e)).append('\n');
    }

    /** Writes what was added and waits until it is on disk. */
    public void sync() throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
        pending.setLength(0);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** What {@link #read} found: the entries, and how many lines were unreadable. */
    public record Contents(List<JournalEntry> entries, int badLines) {
    }

    /**
     * Reads a journal. A torn last line (the apply was killed while writing it, before its batch
     * was sent) and other unreadable lines are counted and skipped.
     */
    public static Contents read(Path file) throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        int bad = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JournalEntry e = JSON.readValue(line, JournalEntry.class);
                    if (e.key() == null || e.at() <= 0) {
                        bad++;
                        continue;
                    }
                    e.keyBytes();
                    entries.add(e);
                } catch (IOException | IllegalArgumentException e) {
                    bad++;
                }
            }
        }
        return new Contents(entries, bad);
    }
}
