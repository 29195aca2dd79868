package dev.stampededoctor.detectors.report;

/**
 * The host of a client connection as MONITOR names it: the IP of {@code ip:port} (IPv6 without its
 * brackets), or the whole name for {@code unix:…} sockets, which are all on the server's host.
 * Many connections from one IP are usually one process or one pod; a connection is never a client.
 */
public final class Hosts {
    private Hosts() {
    }

    /** The host of {@code connection}, or null when it is null. */
    public static String of(String connection) {
        if (connection == null || connection.startsWith("unix:")) {
            return connection;
        }
        if (connection.startsWith("[")) {
            int end = connection.indexOf(']');
            return end > 0 ? connection.substring(1, end) : connection;
        }
        int colon = connection.lastIndexOf(':');
        return colon > 0 ? connection.substring(0, colon) : connection;
    }
}
