import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

/** The same with lettuce: RedisClusterClient, topology (partitions), a connection to every primary,
 *  PING, one SCAN page, then close + shutdown, then System.exit as a CLI does.
 *  -Dtuned=true: topology read from the seed only (dynamicRefreshSources=false), no membership check;
 *  combine with -Dio.lettuce.core.jfr=false for lettuce's lightest start. Phases on stderr. */
public final class LettuceDiscover {
    public static void main(String[] args) throws Exception {
        long t0 = Long.getLong("t0", System.currentTimeMillis());
        long tMain = System.currentTimeMillis() - t0;
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(args[0]));
        if (Boolean.getBoolean("tuned")) {
            client.setOptions(ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().dynamicRefreshSources(false).build())
                    .validateClusterNodeMembership(false).build());
        }
        long tCreate = System.currentTimeMillis() - t0;
        long first = -1, tConnect;
        int keys = 0, primaries = 0;
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            tConnect = System.currentTimeMillis() - t0;
            for (RedisClusterNode n : conn.getPartitions()) {
                if (!n.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    continue;
                }
                primaries++;
                RedisCommands<String, String> node = conn.getConnection(n.getNodeId()).sync();
                node.ping();
                KeyScanCursor<String> page = node.scan(ScanArgs.Builder.limit(1000));
                keys += page.getKeys().size();
                if (first < 0) {
                    first = System.currentTimeMillis() - t0;
                }
            }
        }
        if (Boolean.getBoolean("dumpThreads")) {
            Thread.getAllStackTraces().keySet().forEach(t -> System.err.println("thread(before shutdown) " + t.getName() + (t.isDaemon() ? " daemon" : "")));
        }
        long beforeShutdown = System.currentTimeMillis() - t0;
        client.shutdown();
        if (Boolean.getBoolean("dumpThreads")) {
            Thread.getAllStackTraces().keySet().forEach(t -> System.err.println("thread " + t.getName() + (t.isDaemon() ? " daemon" : "")));
        }
        System.out.println("primaries=" + primaries + " keys=" + keys);
        System.err.println("main_ms=" + tMain + " created_ms=" + tCreate + " connected_ms=" + tConnect + " first_ms=" + first
                + " before_shutdown_ms=" + beforeShutdown + " main_end_ms=" + (System.currentTimeMillis() - t0));
        if (!Boolean.getBoolean("noExit")) {
            System.exit(0);
        }
    }
}
