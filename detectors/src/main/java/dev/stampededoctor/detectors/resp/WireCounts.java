package dev.stampededoctor.detectors.resp;

/** What the RESP layer made of a capture's connections, for the report's input statistics. */
public final class WireCounts {
    long connections;
    long tlsConnections;
    long pubsubConnections;
    long monitorConnections;
    long requests;
    long replied;
    long unreplied;
    long unpairedReplies;
    long pairingFailures;
    long desyncs;
    long repairs;

    public long connections() {
        return connections;
    }

    /** Connections whose first bytes were a TLS record: unreadable. */
    public long tlsConnections() {
        return tlsConnections;
    }

    /** Connections left out from their SUBSCRIBE (RESP2) or MONITOR on: the server streams, no reply pairs. */
    public long pubsubConnections() {
        return pubsubConnections;
    }

    public long monitorConnections() {
        return monitorConnections;
    }

    /** Requests handed on as commands. */
    public long requests() {
        return requests;
    }

    /** Requests handed on with their reply. */
    public long replied() {
        return replied;
    }

    /** Requests handed on without one: a connection that was not paired, a reply not seen within the wait. */
    public long unreplied() {
        return unreplied;
    }

    /** Replies read while their connection was not paired (not matched to a request). */
    public long unpairedReplies() {
        return unpairedReplies;
    }

    /** Replies that came with no request waiting: the pairing was wrong and was dropped. */
    public long pairingFailures() {
        return pairingFailures;
    }

    /** Times a side of a connection held bytes that were no RESP, and reading skipped to the next boundary. */
    public long desyncs() {
        return desyncs;
    }

    /** Times a connection went back to pairing after losing it. */
    public long repairs() {
        return repairs;
    }
}
