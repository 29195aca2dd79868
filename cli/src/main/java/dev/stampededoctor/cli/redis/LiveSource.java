package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.io.InputStream;

/**
 * A live stream of Redis traffic, read by the engine like a capture file: MONITOR's
 * ({@link MonitorSource}) or tcpdump's packets ({@link TcpdumpSource}). It ends at its deadline or
 * when stopped, and says why.
 */
public abstract class LiveSource extends InputStream {
    /** Ends the stream soon; the first reason given is kept. */
    public abstract void stop(String reason);

    /** Why the stream ended: {@code duration} unless {@link #stop} said otherwise. */
    public abstract String stopReason();

    /** Bytes read from the source so far (any thread). */
    public abstract long bytes();

    /** Runs {@code hook} on the reading thread between reads: where a live view takes a snapshot of the analysis. */
    public abstract void beforeRead(Runnable hook);

    /** Why the copy to the saved capture stopped (a write failed), or null. */
    public abstract IOException saveFailure();

    /** Ends the source (closes its connection, stops its process); never fails. */
    @Override
    public abstract void close();

    /** Commands of the tool's own connections dropped from the stream so far. */
    public long ownLines() {
        return 0;
    }
}
