package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A live stream of Redis traffic, read by the engine like a capture file: MONITOR's
 * ({@link MonitorSource}), tcpdump's packets ({@link TcpdumpSource}) or keyspace events
 * ({@link KeyEventStream}). It ends at its deadline or when stopped, and says why; it may copy
 * what it reads to a saved capture, where a failing write stops the copy, not the stream.
 */
public abstract class LiveSource extends InputStream {
    private volatile String stopReason;
    private Runnable beforeRead = () -> { };
    private OutputStream save;
    private volatile IOException saveFailure;

    /** Ends the stream soon; the first reason given is kept. */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** Why the stream ended: {@code duration} unless {@link #stop} said otherwise. */
    public String stopReason() {
        return stopReason == null ? "duration" : stopReason;
    }

    /** Whether {@link #stop} was called (any thread). */
    protected boolean stopRequested() {
        return stopReason != null;
    }

    /** Bytes read from the source so far (any thread). */
    public abstract long bytes();

    /** Runs {@code hook} on the reading thread between reads: where a live view takes a snapshot of the analysis. */
    public void beforeRead(Runnable hook) {
        this.beforeRead = hook;
    }

    /** Runs the {@link #beforeRead} hook; subclasses call it before each wait for more input. */
    protected void runBeforeRead() {
        beforeRead.run();
    }

    /** Where to copy the stream as it is read (--save, or the copy kept for the advice's replay); call before reading. */
    public void saveTo(OutputStream out) {
        this.save = out;
    }

    /** Copies bytes read to the saved capture, as they are; after a failed write, no more. */
    protected void copyToSave(byte[] b, int off, int n) {
        if (save == null) {
            return;
        }
        try {
            save.write(b, off, n);
        } catch (IOException e) {
            failSave(e);
        }
    }

    /** The copy failed: it stops here, the stream goes on. */
    protected void failSave(IOException e) {
        saveFailure = e;
        save = null;
    }

    /** Why the copy to the saved capture stopped (a write failed), or null. */
    public IOException saveFailure() {
        return saveFailure;
    }

    /** Commands of the tool's own connections dropped from the stream so far. */
    public long ownLines() {
        return 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Ends the source (closes its connection, stops its process); never fails. */
    @Override
    public abstract void close();
}
