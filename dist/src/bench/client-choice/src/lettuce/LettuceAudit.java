import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** ttl-audit's read path with lettuce: SCAN every primary on its own connection, PTTL each key through
 *  the cluster connection (routed by slot, MOVED/ASK followed), pipelined per page. Default options.
 *  Prints keys scanned, distinct keys, keys gone (-2), errors surfaced. */
public final class LettuceAudit {
    public static void main(String[] a) throws Exception {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(a[0]));
        int scanned = 0, gone = 0, errors = 0;
        Set<String> distinct = new HashSet<>();
        String firstError = null;
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            RedisAdvancedClusterAsyncCommands<String, String> async = conn.async();
            for (RedisClusterNode n : conn.getPartitions()) {
                if (!n.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    continue;
                }
                RedisCommands<String, String> node = conn.getConnection(n.getNodeId()).sync();
                ScanCursor cur = ScanCursor.INITIAL;
                do {
                    KeyScanCursor<String> page = node.scan(cur, ScanArgs.Builder.limit(1000));
                    List<RedisFuture<Long>> fs = new ArrayList<>();
                    for (String k : page.getKeys()) {
                        fs.add(async.pttl(k));
                    }
                    LettuceFutures.awaitAll(Duration.ofSeconds(10), fs.toArray(new RedisFuture[0]));
                    for (int i = 0; i < fs.size(); i++) {
                        scanned++;
                        distinct.add(page.getKeys().get(i));
                        try {
                            if (fs.get(i).get() == -2) {
                                gone++;
                            }
                        } catch (Exception e) {
                            errors++;
                            firstError = firstError == null ? String.valueOf(e.getCause()) : firstError;
                        }
                    }
                    cur = page;
                } while (!cur.isFinished());
            }
        } catch (Exception e) {
            System.out.println("SURFACED " + e);
        }
        client.shutdown();
        System.out.println("scanned=" + scanned + " distinct=" + distinct.size() + " gone=" + gone + " errors=" + errors
                + (firstError == null ? "" : " first=" + firstError));
        System.exit(errors > 0 ? 3 : 0);
    }
}
