package dev.stampededoctor.detectors.source;

import dev.stampededoctor.detectors.pcap.CaptureStats;
import dev.stampededoctor.detectors.pcap.PcapStreams;
import dev.stampededoctor.detectors.report.PacketCapture;
import dev.stampededoctor.detectors.resp.RespCommandStream;
import dev.stampededoctor.detectors.resp.WireCounts;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntPredicate;

/**
 * A packet capture of Redis traffic (pcap or pcapng, as tcpdump or dumpcap write it) as commands
 * with their replies: packets → TCP streams in sequence order → RESP requests paired with
 * replies → commands in the order they were sent.
 */
public final class PacketSource {
    private final IntPredicate serverPorts;
    private final boolean commandsOnThreadOfTheirOwn;

    /** {@code serverPorts}: the ports Redis listens on; a connection with neither end on one takes its lower port. */
    public PacketSource(IntPredicate serverPorts) {
        this(serverPorts, false);
    }

    /**
     * {@code commandsOnThreadOfTheirOwn}: the sink is called on a thread of the source's own (see
     * {@link RespCommandStream#RespCommandStream(CommandSink, int, boolean)}), for a capture read
     * to its end.
     */
    public PacketSource(IntPredicate serverPorts, boolean commandsOnThreadOfTheirOwn) {
        this.serverPorts = serverPorts;
        this.commandsOnThreadOfTheirOwn = commandsOnThreadOfTheirOwn;
    }

    private ConnectionNodes nodes;

    /** Tells {@code nodes} which server each connection talks to (null: nobody). Call before reading. */
    public PacketSource connectionNodes(ConnectionNodes nodes) {
        this.nodes = nodes;
        return this;
    }

    /** Reads {@code in} to its end, as input number {@code input}. */
    public PacketCapture read(InputStream in, String format, int input, CommandSink sink) throws IOException {
        RespCommandStream commands = new RespCommandStream(sink, input, commandsOnThreadOfTheirOwn);
        commands.connectionNodes(nodes);
        CaptureStats stats;
        try {
            stats = PcapStreams.read(in, serverPorts, commands);
        } finally {
            commands.finish();
        }
        WireCounts wire = commands.counts();
        return new PacketCapture(format, stats.packets(), stats.bytes(),
                stats.nonTcpPackets() + stats.unknownLinkTypePackets() + stats.fragmentsSkipped() + stats.malformedPackets(),
                stats.truncatedPackets(), wire.connections(), wire.tlsConnections(),
                wire.pubsubConnections() + wire.monitorConnections(), stats.retransmittedSegments(),
                stats.outOfOrderSegments(), stats.gaps(), stats.gapBytes(), wire.requests(), wire.replied(),
                wire.pairingFailures(), wire.desyncs(), stats.fileTruncated());
    }
}
