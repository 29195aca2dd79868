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
    /** How far above its client port a cluster node listens for the cluster bus. */
    static final int CLUSTER_BUS_OFFSET = 10000;

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

    /**
     * A port that was free together with port + {@value #CLUSTER_BUS_OFFSET}, where a cluster node
     * binds its bus (Redis 6.2 has no {@code cluster-port} to move it). The kernel hands out ports
     * up to 60999, so the bus port can also be out of range: such picks are retried.
     */
    static int pickWithClusterBus(boolean alsoIpv6) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = pick(alsoIpv6);
            int bus = port + CLUSTER_BUS_OFFSET;
            if (bus <= 65535 && freeOnIpv4Loopback(bus) && (!alsoIpv6 || freeOnIpv6Loopback(bus))) {
                return port;
            }
        }
        throw new IOException("no port P with P and P+" + CLUSTER_BUS_OFFSET + " both free on loopback after 50 tries");
    }

    private static boolean freeOnIpv4Loopback(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
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
