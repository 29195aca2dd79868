package dev.stampededoctor.cli;

import dev.stampededoctor.cli.servers.RespClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cache-aside client that counts its own misses, the truth the ITs hold the reports to: GET
 * each key; on nil a 40 ms rebuild and {@code SET … EX 60}, written where the application writes
 * (the same server, or the primary of a read replica).
 */
final class CacheAsideReader {
    private CacheAsideReader() {
    }

    static void run(RespClient reads, RespClient writes, List<String> keys, long endMillis, AtomicLong misses) {
        try {
            while (System.currentTimeMillis() < endMillis) {
                for (String k : keys) {
                    if (reads.call("GET", k) == null) {
                        misses.incrementAndGet();
                        Thread.sleep(40);
                        writes.call("SET", k, "rebuilt", "EX", "60");
                    }
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
