package dev.stampededoctor.cli.servers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * One node as a line of {@code CLUSTER NODES} describes it. That text form is read rather than
 * {@code CLUSTER SHARDS} because 6.2 (the jar's binary) has only it, and it is what a node
 * believes, which is what the harness needs when it waits for every node to agree.
 *
 * @param id        the 40-hex node id
 * @param host      the announced address (the harness makes it 127.0.0.1)
 * @param port      the client port
 * @param primary   true for a master
 * @param primaryId the master of a replica, null for a master
 * @param slots     the slot ranges a master serves (importing/migrating marks left out), ascending
 * @param flags     {@code myself}, {@code master}, {@code slave}, {@code fail?}, {@code handshake} ...
 * @param connected the link state the describing node has to this one
 */
public record ClusterNode(String id, String host, int port, boolean primary, String primaryId,
                          List<SlotRange> slots, Set<String> flags, boolean connected) {

    /** Slots {@code first..last}, both included. */
    public record SlotRange(int first, int last) {
        public int count() {
            return last - first + 1;
        }

        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }

    /** {@code master} or {@code replica}. */
    public String role() {
        return primary ? "master" : "replica";
    }

    /** {@code redis://host:port}: what the tool is pointed at. */
    public String url() {
        return "redis://" + Hosts.forUrl(host) + ":" + port;
    }

    public boolean owns(int slot) {
        return slots.stream().anyMatch(r -> r.first() <= slot && slot <= r.last());
    }

    public int slotCount() {
        return slots.stream().mapToInt(SlotRange::count).sum();
    }

    /** Every line of a {@code CLUSTER NODES} reply. */
    static List<ClusterNode> parse(String text) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(parseLine(line.trim()));
            }
        }
        return nodes;
    }

    private static ClusterNode parseLine(String line) {
        // <id> <ip:port@cport[,hostname]> <flags> <master|-> <ping-sent> <pong-recv> <epoch> <link> <slot>...
        String[] f = line.split(" ");
        String address = f[1].split("[@,]")[0];
        int colon = address.lastIndexOf(':');
        Set<String> flags = Set.of(f[2].split(","));
        List<SlotRange> slots = new ArrayList<>();
        for (int i = 8; i < f.length; i++) {
            if (f[i].startsWith("[")) {
                continue; // [slot->-id] / [slot-<-id]: a migration in progress, not ownership
            }
            int dash = f[i].indexOf('-');
            slots.add(dash < 0 ? new SlotRange(Integer.parseInt(f[i]), Integer.parseInt(f[i]))
                    : new SlotRange(Integer.parseInt(f[i].substring(0, dash)), Integer.parseInt(f[i].substring(dash + 1))));
        }
        slots.sort((a, b) -> Integer.compare(a.first(), b.first()));
        return new ClusterNode(f[0], address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                flags.contains("master"), f[3].equals("-") ? null : f[3], List.copyOf(slots), flags,
                f[7].equals("connected"));
    }

    /**
     * What must be equal on every node once the cluster has settled: who is master of what, and who
     * replicates whom, by id. Flags ({@code myself}) and timings differ by nature and are left out.
     */
    static String layout(List<ClusterNode> view) {
        TreeMap<String, String> byId = new TreeMap<>();
        for (ClusterNode n : view) {
            byId.put(n.id(), n.port() + " " + (n.primary() ? "master " + n.slots() : "replica of " + n.primaryId()));
        }
        return byId.toString();
    }
}
