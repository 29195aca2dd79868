package dev.stampededoctor.detectors.pcap;

/**
 * A connection's 4-tuple, client side first, so both directions find the same flow.
 *
 * <p>Mutable so that the reassembler can look each packet's connection up with one reused probe
 * ({@link #set}) instead of a new key per packet: those were 30 % of what a pcap's reading
 * allocated (164 MB of a 317 MB capture). A key in a map is a {@link #copy} and never changes.
 */
final class FlowKey {
    private boolean ipv6;
    private long clientHi;
    private long clientLo;
    private long serverHi;
    private long serverLo;
    private int clientPort;
    private int serverPort;

    /** Makes this the key of the given 4-tuple; returns this. */
    FlowKey set(boolean ipv6, long clientHi, long clientLo, int clientPort, long serverHi, long serverLo,
            int serverPort) {
        this.ipv6 = ipv6;
        this.clientHi = clientHi;
        this.clientLo = clientLo;
        this.clientPort = clientPort;
        this.serverHi = serverHi;
        this.serverLo = serverLo;
        this.serverPort = serverPort;
        return this;
    }

    /** A key of its own with this one's 4-tuple, for a map to keep. */
    FlowKey copy() {
        return new FlowKey().set(ipv6, clientHi, clientLo, clientPort, serverHi, serverLo, serverPort);
    }

    boolean ipv6() {
        return ipv6;
    }

    long clientHi() {
        return clientHi;
    }

    long clientLo() {
        return clientLo;
    }

    int clientPort() {
        return clientPort;
    }

    long serverHi() {
        return serverHi;
    }

    long serverLo() {
        return serverLo;
    }

    int serverPort() {
        return serverPort;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && k.ipv6 == ipv6 && k.clientHi == clientHi && k.clientLo == clientLo
                && k.serverHi == serverHi && k.serverLo == serverLo
                && k.clientPort == clientPort && k.serverPort == serverPort;
    }

    @Override
    public int hashCode() {
        long h = clientHi * 31 + clientLo;
        h = h * 31 + serverHi;
        h = h * 31 + serverLo;
        h = h * 31 + ((long) clientPort << 16 | serverPort);
        return Long.hashCode(h * 0x9E3779B97F4A7C15L) ^ (ipv6 ? 1 : 0);
    }
}
