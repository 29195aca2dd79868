package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Live slot migration and replica promotion with the cluster's own protocol, as redis-cli
 * {@code --cluster reshard} and an operator's {@code CLUSTER FAILOVER} do them, so that tests see
 * the MOVED and ASK replies real clients see.
 */
final class ClusterResharding {
    private static final int KEYS_PER_MIGRATE = 100;
    private static final String MIGRATE_TIMEOUT_MS = "5000";

    private ClusterResharding() {
    }

    /**
     * Per slot: the target marks it IMPORTING and the source MIGRATING (from then on the source
     * answers ASK for keys it no longer has, so no new key lands on it), keys move in batches with
     * MIGRATE until GETKEYSINSLOT is empty, then every master is told the new owner, the target
     * first (in 7.0 that bumps its config epoch, which makes its claim win the gossip).
     */
    static List<Integer> move(List<RedisServerHandle> servers, ClusterNode from, ClusterNode to, int slotCount,
            Duration timeout) throws IOException {
        List<ClusterNode> view = ClusterChecks.view(handle(servers, from));
        ClusterNode source = byId(view, from.id());
        ClusterNode target = byId(view, to.id());
        if (!source.primary() || !target.primary() || source.id().equals(target.id())) {
            throw new IllegalArgumentException("reshard needs two different primaries, got " + from.port() + " -> " + to.port());
        }
        List<Integer> slots = lowest(source, slotCount);
        List<ClusterNode> others = view.stream()
                .filter(n -> n.primary() && !n.id().equals(source.id()) && !n.id().equals(target.id())).toList();
        try (RespClient src = handle(servers, source).connect(); RespClient dst = handle(servers, target).connect()) {
            for (int slot : slots) {
                String s = Integer.toString(slot);
                dst.callForOk("CLUSTER", "SETSLOT", s, "IMPORTING", source.id());
                src.callForOk("CLUSTER", "SETSLOT", s, "MIGRATING", target.id());
                moveKeys(src, slot, target);
                dst.callForOk("CLUSTER", "SETSLOT", s, "NODE", target.id());
                src.callForOk("CLUSTER", "SETSLOT", s, "NODE", target.id());
                for (ClusterNode other : others) {
                    try (RespClient c = handle(servers, other).connect()) {
                        c.callForOk("CLUSTER", "SETSLOT", s, "NODE", target.id());
                    }
                }
            }
        }
        Waits.until("every node agreeing on " + slots.size() + " slots moved to " + target.port(), timeout,
                () -> ClusterChecks.agreed(servers));
        return slots;
    }

    private static void moveKeys(RespClient src, int slot, ClusterNode target) throws IOException {
        while (true) {
            Object reply = src.call("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), Integer.toString(KEYS_PER_MIGRATE));
            if (!(reply instanceof List<?> keys)) {
                throw new IOException("CLUSTER GETKEYSINSLOT " + slot + " answered " + RespClient.describe(reply));
            }
            if (keys.isEmpty()) {
                return;
            }
            List<byte[]> args = new ArrayList<>();
            for (String a : List.of("MIGRATE", target.host(), Integer.toString(target.port()), "", "0",
                    MIGRATE_TIMEOUT_MS, "KEYS")) {
                args.add(a.getBytes(StandardCharsets.UTF_8));
            }
            for (Object k : keys) {
                args.add((byte[]) k);
            }
            Object migrated = src.call(args.toArray(byte[][]::new));
            // NOKEY: every key of the batch was deleted (or expired) meanwhile; nothing left to move.
            if (!"OK".equals(migrated) && !"NOKEY".equals(migrated)) {
                throw new IOException("MIGRATE of " + keys.size() + " keys of slot " + slot + " to " + target.port()
                        + " answered " + RespClient.describe(migrated));
            }
        }
    }

    /** CLUSTER FAILOVER on {@code replica}, then waits until every node sees it as a master. */
    static void failover(List<RedisServerHandle> servers, ClusterNode replica, Duration timeout) throws IOException {
        if (replica.primary()) {
            throw new IllegalArgumentException(replica.port() + " is not a replica");
        }
        try (RespClient c = handle(servers, replica).connect()) {
            c.callForOk("CLUSTER", "FAILOVER");
        }
        Waits.until(replica.port() + " promoted on every node", timeout, () -> {
            for (RedisServerHandle s : servers) {
                ClusterNode seen = byId(ClusterChecks.view(s), replica.id());
                if (!seen.primary() || seen.slotCount() == 0) {
                    return s.port() + " still sees " + replica.port() + " as " + seen.flags();
                }
            }
            return ClusterChecks.agreed(servers);
        });
    }

    private static List<Integer> lowest(ClusterNode node, int count) {
        List<Integer> slots = new ArrayList<>();
        for (ClusterNode.SlotRange r : node.slots()) {
            for (int s = r.first(); s <= r.last() && slots.size() < count; s++) {
                slots.add(s);
            }
        }
        if (slots.size() < count) {
            throw new IllegalArgumentException(node.port() + " has only " + slots.size() + " slots, asked to move " + count);
        }
        return slots;
    }

    private static ClusterNode byId(List<ClusterNode> view, String id) throws IOException {
        return view.stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IOException("node " + id + " not in the cluster view"));
    }

    private static RedisServerHandle handle(List<RedisServerHandle> servers, ClusterNode node) {
        return servers.stream().filter(s -> s.port() == node.port()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("port " + node.port() + " is not a node of this cluster"));
    }
}
