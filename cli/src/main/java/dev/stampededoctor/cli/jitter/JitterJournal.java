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

    /** Creates {@code file} (fails if it exists) and writes {@code header} to disk before any key. */
    public static JitterJournal create(Path file, JournalHeader header) throws IOException {
        JitterJournal j = new JitterJournal(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        j.pending.append(JSON.writeValueAsString(header)).append('\n');
        j.sync();
        return j;
    }

    /** The line undo appends once it restored every key: a second undo then knows. */
    public record Restored(long restored, long keys) {
    }

    /** Appends {@link Restored} to {@code file}, on disk when this returns. */
    public static void markRestored(Path file, long keys) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(new Restored(System.currentTimeMillis(), keys))
                    + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                c.write(bytes);
            }
            c.force(false);
        }
    }

    /** Queues one key's line ({@code node}: its cluster node, null for one server); {@link #sync} writes it. */
    public void add(int db, byte[] key, long ttlMs, long newTtlMs, long at, String node) throws IOException {
        JournalEntry e = new JournalEntry(db, Base64.getEncoder().encodeToString(key), KeyText.display(key), ttlMs,
                newTtlMs, at, node);
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

    /**
     * What {@link #read} found: the header (null in a journal from before headers), the entries,
     * how many lines were unreadable, and when an undo restored them all (null if none did).
     */
    public record Contents(JournalHeader header, List<JournalEntry> entries, int badLines, Long restoredAt) {
    }

    /**
     * Reads a journal. A torn last line (the apply was killed while writing it, before its batch
     * was sent) and other unreadable lines are counted and skipped.
     */
    public static Contents read(Path file) throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        JournalHeader header = null;
        Long restoredAt = null;
        int bad = 0;
        // Lenient decoding: a damaged byte spoils its line (skipped, counted), not the journal.
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), utf8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    if (line.startsWith("{\"journal\"")) {
                        header = JSON.readValue(line, JournalHeader.class);
                        continue;
                    }
                    if (line.startsWith("{\"restored\"")) {
                        restoredAt = JSON.readValue(line, Restored.class).restored();
                        continue;
                    }
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
        return new Contents(header, entries, bad, restoredAt);
    }
}
