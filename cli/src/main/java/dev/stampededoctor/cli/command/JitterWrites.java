package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.jitter.TtlGuard;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.ServerInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/** What {@code jitter apply} and {@code undo} share around their writes. */
final class JitterWrites {
    private JitterWrites() {
    }

    /** Writes go to the master: a replica would refuse them one by one (READONLY). */
    static void refuseReplica(RedisConnection c, RedisUrl target) throws IOException {
        if (ServerInfo.read(c, "replication").isReplica()) {
            throw new UsageException(target + " is a replica: TTLs can only be changed on its master");
        }
    }

    /** Outcomes so far, readable from the Ctrl-C hook. */
    static final class Tally {
        private final AtomicLongArray counts = new AtomicLongArray(TtlGuard.Outcome.values().length);

        void add(TtlGuard.Outcome[] outcomes) {
            for (TtlGuard.Outcome o : outcomes) {
                counts.incrementAndGet(o.ordinal());
            }
        }

        long get(TtlGuard.Outcome o) {
            return counts.get(o.ordinal());
        }

        String summary(String verb) {
            long neverChanged = get(TtlGuard.Outcome.NEVER_CHANGED);
            return String.format(Locale.ROOT, "%,d key(s) %s; left alone: %,d gone, %,d without a TTL now,"
                    + " %,d whose TTL a writer changed%s.", get(TtlGuard.Outcome.CHANGED), verb, get(TtlGuard.Outcome.GONE),
                    get(TtlGuard.Outcome.PERSISTENT), get(TtlGuard.Outcome.MOVED), neverChanged == 0 ? ""
                    : String.format(Locale.ROOT, ", %,d that apply journalled but never changed (its last batch was"
                            + " not sent)", neverChanged));
        }
    }

    /**
     * How many redirects the writes followed on a cluster: a MOVED per command sent to a slot's
     * old owner, an ASK per key already migrated out of a slot still migrating.
     */
    static String redirects(dev.stampededoctor.cli.redis.cluster.SlotRouter router) {
        return String.format(Locale.ROOT, "Cluster: %,d MOVED and %,d ASK redirect(s) followed%s%s.", router.moved(),
                router.asked(), router.retried() == 0 ? "" : String.format(Locale.ROOT, ", %,d command(s) sent again"
                        + " after TRYAGAIN, CLUSTERDOWN or LOADING", router.retried()),
                router.moved() + router.asked() == 0 ? " (no slot moved under the writes)"
                        : " (slots that moved while it ran)");
    }

    /** On Ctrl-C or SIGTERM, says how far the writes got and how to undo them. */
    static Thread interruptNotice(PrintWriter err, Tally tally, String undo) {
        Thread hook = new Thread(() -> {
            err.println();
            err.println("stampede-doctor: interrupted after " + tally.summary("changed"));
            err.println("stampede-doctor: the journal has every key sent; to undo: stampede-doctor " + undo);
            err.flush();
        }, "interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }
}
