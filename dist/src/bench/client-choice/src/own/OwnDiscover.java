import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.TlsOptions;
import dev.stampededoctor.cli.redis.cluster.Deployment;
import dev.stampededoctor.cli.redis.cluster.DeploymentResolver;
import dev.stampededoctor.cli.redis.cluster.NodeChoice;
import dev.stampededoctor.cli.redis.cluster.NodeMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/** What check/ttl-audit discovery does, with the project's own client: seed -> INFO -> CLUSTER SHARDS,
 *  connect to every primary, PING, one SCAN page. Prints the ms from launch (-Dt0=epoch ms) to the first
 *  SCAN page and to the end of main on stderr. */
public final class OwnDiscover {
    public static void main(String[] args) throws Exception {
        long t0 = Long.getLong("t0", System.currentTimeMillis());
        RedisUrl seed = RedisUrl.parse(args[0]);
        Duration to = Duration.ofSeconds(5);
        DeploymentResolver r = new DeploymentResolver(u -> {
            try {
                return RedisConnection.open(u, TlsOptions.system(), to, to);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, NodeChoice.primaries, NodeMap.parse(List.of()));
        Deployment d = r.resolve(seed);
        long first = -1;
        int keys = 0;
        for (Deployment.Member m : d.members()) {
            try (RedisConnection c = r.connect(m)) {
                c.call("PING");
                List<?> page = (List<?>) c.call("SCAN", "0", "COUNT", "1000");
                keys += ((List<?>) page.get(1)).size();
                if (first < 0) {
                    first = System.currentTimeMillis() - t0;
                }
            }
        }
        if (Boolean.getBoolean("dumpThreads")) {
            Thread.getAllStackTraces().keySet().forEach(t -> System.err.println("thread " + t.getName() + (t.isDaemon() ? " daemon" : "")));
        }
        System.out.println("primaries=" + d.members().size() + " keys=" + keys);
        System.err.println("first_ms=" + first + " main_end_ms=" + (System.currentTimeMillis() - t0));
        if (!Boolean.getBoolean("noExit")) {
            System.exit(0);
        }
    }
}
