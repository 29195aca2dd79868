package dev.stampededoctor.cli.servers;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Loopback checks for server addresses. Tests write, delete and flush keys: a URL that pointed at
 * a shared or production server by mistake must be refused, not used.
 */
final class Hosts {
    private Hosts() {
    }

    /** True for {@code localhost}, 127.0.0.0/8 and {@code ::1} (with or without brackets). */
    static boolean isLoopback(String host) {
        String h = unbracket(host);
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name other than localhost: do not resolve it, refuse it
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code localhost} becomes 127.0.0.1 so that handles always hold a literal loopback address. */
    static String normalize(String host) {
        String h = unbracket(host);
        return h.equalsIgnoreCase("localhost") ? "127.0.0.1" : h;
    }

    /** An IPv6 literal needs brackets in a URL. */
    static String forUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
