package dev.stampededoctor.detectors.pcap;

/** One TCP connection as the reassembler names it; immutable. */
public final class TcpFlow {
    private final int id;
    private final String client;
    private final String server;
    private final int serverPort;
    private boolean handshakeSeen;

    public TcpFlow(int id, String client, String server, int serverPort) {
        this.id = id;
        this.client = client;
        this.server = server;
        this.serverPort = serverPort;
    }

    /** 0, 1, 2… in order of appearance in the capture. */
    public int id() {
        return id;
    }

    /** "10.0.0.1:50312" or "[::1]:50312". */
    public String client() {
        return client;
    }

    /** "127.0.0.1:6379" or "[::1]:6379". */
    public String server() {
        return server;
    }

    public int serverPort() {
        return serverPort;
    }

    @Override
    public String toString() {
        return "#" + id + " " + client + " -> " + server;
    }

    /**
     * Whether the capture holds the client's SYN: both byte streams then start at the
     * connection's first byte, and no request is in flight that the capture did not see.
     */
    public boolean handshakeSeen() {
        return handshakeSeen;
    }

    public void handshakeSeen(boolean seen) {
        handshakeSeen = seen;
    }
}
