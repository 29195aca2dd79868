package dev.stampededoctor.cli.exporter;

import dev.stampededoctor.cli.postgres.PostgresUrl;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.detectors.AnalyzerOptions;
import java.time.Duration;

/**
 * What the exporter was asked to do.
 *
 * @param window         one analysis of the keyspace events covers this long
 * @param infoEvery      INFO is read this often (its hit ratio's interval)
 * @param auditEvery     a TTL audit runs this often; zero for none
 * @param auditMaxKeys   each audit stops after this many keys
 * @param auditRate      and reads at most this many keys a second (0: unthrottled)
 * @param monitorBurst   a MONITOR sample lasts this long; null for none
 * @param monitorEvery   and starts this often
 * @param maxClientBuffer a MONITOR sample stops when its client output buffer passes this
 * @param postgres       sampled during every window; null for none
 * @param runFor         the exporter stops after this; null to run until stopped
 */
public record ExporterSettings(RedisUrl target, Connector connector, AnalyzerOptions options, Duration window, Duration infoEvery,
        Duration auditEvery, String auditMatch, long auditMaxKeys, long auditRate, Duration monitorBurst,
        Duration monitorEvery, long maxClientBuffer, PostgresUrl postgres, Duration pgInterval, int maxPatterns,
        Duration runFor) {

    /** Opens a connection to the target (the command's TLS and timeout options applied). */
    public interface Connector {
        RedisConnection connect(RedisUrl target);
    }
}
