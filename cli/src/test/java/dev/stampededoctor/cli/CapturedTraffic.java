package dev.stampededoctor.cli;

import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer and some readers talking to one Redis while tcpdump records it: what the packet
 * capture tests stage, each with its own traffic. Every connection opens after tcpdump listens,
 * so the capture holds their SYNs.
 */
final class CapturedTraffic {
    /** What a test's writer and readers do while the capture runs; returns the misses the readers counted. */
    interface Traffic {
        int run(RespClient writer, List<RespClient> readers) throws Exception;
    }

    private CapturedTraffic() {
    }

    /** Runs {@code traffic} with a writer and {@code readers} readers into {@code pcap} (snap length 0: whole packets). */
    static int capture(RedisServerHandle redis, Path pcap, int snapLength, int readers, Traffic traffic)
            throws Exception {
        int misses;
        try (Tcpdump tcpdump = Tcpdump.startCutting(snapLength, pcap, "tcp", "port", String.valueOf(redis.port()))) {
            List<RespClient> clients = new ArrayList<>();
            try (RespClient writer = redis.connect()) {
                for (int i = 0; i < readers; i++) {
                    clients.add(redis.connect());
                }
                misses = traffic.run(writer, clients);
            } finally {
                for (RespClient c : clients) {
                    c.close();
                }
            }
            Thread.sleep(300); // the last replies reach the capture
            tcpdump.stop();
        }
        return misses;
    }
}
