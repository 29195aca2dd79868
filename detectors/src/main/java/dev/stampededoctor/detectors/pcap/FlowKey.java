package dev.stampededoctor.detectors.pcap;

/** A connection's 4-tuple, client side first, so both directions find the same flow. */
final class FlowKey {
    final boolean ipv6;
    final long clientHi;
    final long clientLo;
    final long serverHi;
    final long serverLo;
    final int clientPort;
    final int serverPort;

    FlowKey(boolean ipv6, long clientHi, long clientLo, int clientPort, long serverHi, long serverLo, int serverPort) {
        this.ipv6 = ipv6;
        this.clientHi = clientHi;
        this.clientLo = clientLo;
        this.clientPort = clientPort;
        this.serverHi = serverHi;
        this.serverLo = serverLo;
        this.serverPort = serverPort;
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
