package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for servers we start. Asking the kernel for port 0 and releasing it leaves
 * a short window in which another process can take the port; callers retry their start on a
 * collision instead of pretending the window does not exist.
 */
final class FreePorts {
    private FreePorts() {
    }

    /** A port that was free on 127.0.0.1 (and on ::1 when {@code alsoIpv6}) a moment ago. */
    static int pick(boolean alsoIpv6) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
                port = socket.getLocalPort();
            }
            if (!alsoIpv6 || freeOnIpv6Loopback(port)) {
                return port;
            }
        }
        throw new IOException("no port free on both 127.0.0.1 and ::1 after 20 tries");
    }

    /** True when a socket can be bound on {@code [::1]}: the loopback has an IPv6 address. */
    static boolean ipv6LoopbackAvailable() {
        return freeOnIpv6Loopback(0);
    }

    private static boolean freeOnIpv6Loopback(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
