package dev.stampededoctor.cli.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.detectors.db.DbSample;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a scan's PostgreSQL samples to {@code --save}'s file as they are taken, once a second,
 * in {@link SampleFiles}' format (a JSON line each): a scan killed with SIGKILL leaves every
 * sample but the last second's, each line whole. {@link #close} writes the rest.
 */
public final class SampleAppender implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PERIOD_MILLIS = 1_000;

    private final ActivitySampler sampler;
    private final OutputStream out;
    private final Thread thread;
    private volatile boolean running = true;
    private int written;
    private IOException failure;

    private SampleAppender(ActivitySampler sampler, OutputStream out) {
        this.sampler = sampler;
        this.out = out;
        this.thread = new Thread(this::loop, "pg-samples-writer");
        thread.setDaemon(true);
    }

    /** Creates {@code file} (replacing nothing: it must not exist) and starts appending to it. */
    public static SampleAppender start(ActivitySampler sampler, Path file) throws IOException {
        SampleAppender a = new SampleAppender(sampler, Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE));
        a.thread.start();
        return a;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            append();
        }
    }

    private synchronized void append() {
        if (failure != null) {
            return;
        }
        try {
            StringBuilder lines = new StringBuilder();
            for (DbSample s : sampler.samplesFrom(written)) {
                lines.append(JSON.writeValueAsString(s)).append('\n');
                written++;
            }
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Writes the samples not yet written and closes the file; the first write failure, if any, is thrown. */
    @Override
    public synchronized void close() throws IOException {
        running = false;
        thread.interrupt();
        append();
        out.close();
        if (failure != null) {
            throw failure;
        }
    }
}
