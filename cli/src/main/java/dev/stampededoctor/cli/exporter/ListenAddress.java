package dev.stampededoctor.cli.exporter;

import dev.stampededoctor.cli.UsageException;
import java.net.InetSocketAddress;

/** {@code --listen}: {@code host:port}, {@code [v6]:port} or {@code :port} (every interface, said explicitly). */
public final class ListenAddress {
    private ListenAddress() {
    }

    public static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageException("--listen " + text + ": HOST:PORT, e.g. 127.0.0.1:9464");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new UsageException("--listen " + text + ": an IPv6 address goes in brackets, e.g. [::1]:9464");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException("--listen " + text + ": the port must be a number from 0 to 65535");
        }
        if (port < 0 || port > 65_535) {
            throw new UsageException("--listen " + text + ": the port must be a number from 0 to 65535");
        }
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UsageException("--listen " + text + ": unknown host " + host);
        }
        return address;
    }
}
