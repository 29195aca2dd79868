package dev.stampededoctor.detectors.pcap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps what a {@link TcpStreamHandler} is told: events in order, and each direction's text with its gaps. */
final class RecordingHandler implements TcpStreamHandler {
    final List<String> events = new ArrayList<>();
    final Map<Integer, TcpFlow> flows = new LinkedHashMap<>();
    private final Map<String, StringBuilder> streams = new LinkedHashMap<>();

    @Override
    public void opened(TcpFlow flow, long micros) {
        flows.put(flow.id(), flow);
        events.add("opened " + flow.id() + " " + flow.client() + " " + flow.server() + " @" + micros);
    }

    @Override
    public void data(TcpFlow flow, boolean toServer, long micros, byte[] buf, int off, int len) {
        stream(flow.id(), toServer).append(new String(buf, off, len, StandardCharsets.ISO_8859_1));
        events.add("data " + flow.id() + (toServer ? " >" : " <") + " @" + micros);
    }

    @Override
    public void gap(TcpFlow flow, boolean toServer, long micros, long bytes) {
        stream(flow.id(), toServer).append("[gap ").append(bytes).append(']');
        events.add("gap " + flow.id() + (toServer ? " >" : " <") + " " + bytes + " @" + micros);
    }

    @Override
    public void closed(TcpFlow flow, long micros) {
        events.add("closed " + flow.id() + " @" + micros);
    }

    /** Everything one direction carried, with gaps written as "[gap N]". */
    String toServer(int flow) {
        return stream(flow, true).toString();
    }

    String toClient(int flow) {
        return stream(flow, false).toString();
    }

    private StringBuilder stream(int flow, boolean toServer) {
        return streams.computeIfAbsent(flow + (toServer ? ">" : "<"), k -> new StringBuilder());
    }
}
