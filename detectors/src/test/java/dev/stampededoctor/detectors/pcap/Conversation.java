package dev.stampededoctor.detectors.pcap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One TCP connection written into a pcap file segment by segment, with sequence numbers given
 * as offsets into each direction's stream, so a test reads like the exchange it stages.
 */
final class Conversation {
    static final String CLIENT = "10.0.0.1";
    static final String SERVER = "10.0.0.2";
    static final int CLIENT_PORT = 50000;
    static final int SERVER_PORT = 6379;

    final CaptureFiles.Pcap pcap;
    private final long clientIsn;
    private final long serverIsn;
    private int clientPort = CLIENT_PORT;
    long micros = 1_700_000_000_000_000L;

    Conversation(long clientIsn, long serverIsn) {
        this(new CaptureFiles.Pcap(1), clientIsn, serverIsn);
    }

    Conversation(CaptureFiles.Pcap pcap, long clientIsn, long serverIsn) {
        this.pcap = pcap;
        this.clientIsn = clientIsn;
        this.serverIsn = serverIsn;
    }

    /** Later segments come from another client port: another connection in the same file. */
    Conversation clientPort(int port) {
        clientPort = port;
        return this;
    }

    Conversation handshake() {
        packet(true, clientIsn, Frames.SYN, "");
        packet(false, serverIsn, Frames.SYN | Frames.ACK, "");
        return packet(true, clientIsn + 1, Frames.ACK, "");
    }

    Conversation toServer(long offset, String data) {
        return packet(true, clientIsn + 1 + offset, Frames.ACK | Frames.PSH, data);
    }

    Conversation toClient(long offset, String data) {
        return packet(false, serverIsn + 1 + offset, Frames.ACK | Frames.PSH, data);
    }

    Conversation toServer(long offset, int flags, String data) {
        return packet(true, clientIsn + 1 + offset, flags, data);
    }

    Conversation toClient(long offset, int flags, String data) {
        return packet(false, serverIsn + 1 + offset, flags, data);
    }

    Conversation later(long delta) {
        micros += delta;
        return this;
    }

    Conversation packet(boolean toServer, long seq, int flags, String data) {
        micros += 10;
        byte[] tcp = toServer
                ? Frames.tcp(clientPort, SERVER_PORT, seq, serverIsn + 1, flags, Frames.ascii(data))
                : Frames.tcp(SERVER_PORT, clientPort, seq, clientIsn + 1, flags, Frames.ascii(data));
        byte[] ip = toServer ? Frames.ipv4(CLIENT, SERVER, tcp) : Frames.ipv4(SERVER, CLIENT, tcp);
        pcap.add(micros, Frames.ethernet(ip));
        return this;
    }

    CaptureStats read(RecordingHandler handler) {
        return read(handler, ReassemblyLimits.DEFAULT);
    }

    CaptureStats read(RecordingHandler handler, ReassemblyLimits limits) {
        try {
            return PcapStreams.read(new ByteArrayInputStream(pcap.bytes()), p -> p == SERVER_PORT, handler, limits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
