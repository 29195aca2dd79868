package dev.stampededoctor.cli.live;

import dev.stampededoctor.cli.redis.KeyEventStream;
import dev.stampededoctor.cli.redis.LiveSource;
import dev.stampededoctor.cli.redis.TcpdumpSource;
import dev.stampededoctor.detectors.report.LiveSummary;
import dev.stampededoctor.detectors.ttl.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a session's reading ended, and what the report must say of it: why it stopped (and which
 * node stopped it, of several), whether Redis stalled, INFO's changes per node, the saved captures.
 *
 * @param stoppedBy  {@code duration}, {@code interrupt}, {@code quit}, {@code client-buffer},
 *                   {@code connection-lost}, {@code stalled} or {@code tcpdump-exited}
 * @param culprit    the node that ended a scan of several early, or null
 * @param lost       why the stream failed, or null
 * @param deltas     INFO's changes, per node in session order
 */
public record LiveOutcome(String stoppedBy, boolean stalled, LiveNode culprit, IOException lost, long ranMillis,
        List<LiveSummary.InfoDelta> deltas) {

    /** Whether the report is partial because of Redis (exit 3): lost, guarded, stalled, tcpdump gone. */
    public boolean partial() {
        return stoppedBy.equals("connection-lost") || stoppedBy.equals("client-buffer") || stoppedBy.equals("stalled")
                || stoppedBy.equals("tcpdump-exited");
    }

    /** Whether the servers can still be asked (PTTL at the end): not lost, not stalled. */
    public boolean askable() {
        return !stoppedBy.equals("connection-lost") && !stalled;
    }

    /** {@code " (node host:port)"} when one node of several ended the scan, else empty. */
    public String whose() {
        return culprit == null ? "" : " (node " + culprit.node() + ")";
    }

    /**
     * The report's notes on the reading: stalls, early stops, the guard, a lost connection, the
     * source's limits, the saved captures and how to replay them ({@code analyzeArgs}: what goes
     * before the files, such as {@code --pg-samples F}); warnings on {@code err}.
     */
    public void addNotes(LiveSession session, long maxClientBuffer, long durationMillis, String packetFilter,
            String analyzeArgs, PrintWriter err, List<String> notes) {
        LiveSource source = session.source();
        LiveSettings settings = session.settings();
        IOException saveFailed = source.saveFailure();
        List<Path> saved = session.savedCaptures();
        if (saveFailed != null && !saved.isEmpty()) {
            String where = saved.size() == 1 ? saved.get(0).toString() : "a saved capture in " + settings.saveDir();
            err.println("stampede-doctor: warning: writing " + where + " failed (" + saveFailed.getMessage()
                    + "); the scan went on and its report is whole, the saved capture stops there");
            notes.add("Writing the saved capture " + where + " failed (" + saveFailed.getMessage()
                    + "): it holds the lines before; this report covers the whole scan.");
        }
        if (stalled) {
            String which = !session.several() ? "" : " (" + session.nodes().stream().filter(n -> n.watcher().stalled())
                    .map(LiveNode::node).collect(Collectors.joining(", ")) + ")";
            notes.add("Redis stopped answering" + which + " (INFO unanswered for over 2 s at the end; SIGSTOP, a long"
                    + " script, swapping): the scan ended on time without asking it more, and the report covers what"
                    + " was read.");
        }
        if (stoppedBy.equals("interrupt") || stoppedBy.equals("quit")) {
            notes.add(String.format(Locale.ROOT, "Stopped early (%s) after %s of %s: the report covers what was read.",
                    stoppedBy.equals("quit") ? "q" : "Ctrl-C or SIGTERM", Durations.text(ranMillis),
                    Durations.text(durationMillis)));
        }
        if (stoppedBy.equals("client-buffer")) {
            notes.add(String.format(Locale.ROOT, "Stopped early: Redis%s held more than %,d bytes of MONITOR output for"
                    + " us (we were not keeping up); the report covers what was read.", whose(), maxClientBuffer));
        }
        if (lost != null) {
            notes.add("The MONITOR connection" + whose() + " was lost: " + lost.getMessage() + "; the report covers"
                    + " what was read.");
        } else if (stoppedBy.equals("connection-lost") && culprit != null) {
            notes.add("The MONITOR connection" + whose() + " was lost; the report covers what was read, from every"
                    + " node, up to then.");
        }
        if (settings.keyEvents()) {
            long dropped = session.keyEventStreams().stream().mapToLong(KeyEventStream::dropped).sum();
            notes.add("Read from keyspace events, not MONITOR: misses are exact (keymiss), deletions (del), expiries"
                    + " (expired) and refills (set, hset) are seen; reads that hit, the clients and the TTLs are not, so"
                    + " rebuilds are counted per miss and TTL herds are told only by their expired events, which"
                    + " Redis sends when it deletes a key (on access, or in its expire cycle), not when the TTL ran out."
                    + (dropped > 0 ? " " + dropped + " events were dropped (this tool fell behind)." : ""));
        }
        if (source instanceof TcpdumpSource tcpdump) {
            if (stoppedBy.equals("tcpdump-exited")) {
                List<String> said = tcpdump.messages();
                notes.add("tcpdump ended before the scan did" + (said.isEmpty() ? "" : " (" + said.get(said.size() - 1)
                        + ")") + ": the report covers what was read.");
            }
            notes.add("Read from packets (tcpdump on " + settings.captureInterface() + ", filter '" + packetFilter
                    + "'): replies show every miss; the tool's own connections are left out of the capture.");
            for (String m : tcpdump.messages()) {
                if (m.contains("dropped by kernel") && !m.startsWith("0 ")) {
                    notes.add("tcpdump: " + m + ": the capture has holes (see input.files[].packets.gaps).");
                }
            }
        }
        if (saved.isEmpty()) {
            return;
        }
        String files = saved.stream().map(Path::toString).collect(Collectors.joining(" "));
        String what = settings.keyEvents() ? "Keyspace events" : settings.packets() ? "Packets" : "MONITOR stream";
        String ports = !settings.packets() ? "" : session.nodes().stream().map(n -> "--redis-port " + n.url().port() + " ")
                .distinct().collect(Collectors.joining());
        notes.add(what + " saved to " + files + "; 'stampede-doctor analyze " + ports + (settings.packets() ? ""
                : analyzeArgs) + files + "' reproduces this report's events.");
    }
}
