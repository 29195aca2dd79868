package dev.stampededoctor.detectors.ttl;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** The expiry instants (epoch ms) of one pattern's keys, and how many of its keys have none. */
final class PatternTtls {
    private long[] expiries = new long[16];
    private int size;
    private long withoutTtl;
    private Map<String, Long> types;
    private long memoryBytes = -1;
    /** Keys per node of a cluster audit (index as the auditor numbers them); null for one server. */
    private long[] perNode;

    void countNode(int node) {
        addToNode(node, 1);
    }

    private void addToNode(int node, long keys) {
        if (perNode == null || perNode.length <= node) {
            perNode = perNode == null ? new long[node + 1] : Arrays.copyOf(perNode, node + 1);
        }
        perNode[node] += keys;
    }

    /** Keys per node, or null when the audit had one server. */
    long[] perNode() {
        return perNode;
    }

    void addType(String type) {
        if (types == null) {
            types = new TreeMap<>();
        }
        types.merge(type, 1L, Long::sum);
    }

    void addMemory(long bytes) {
        memoryBytes = Math.max(0, memoryBytes) + bytes;
    }

    /** Keys per Redis type, or null when types were not read. */
    Map<String, Long> types() {
        return types;
    }

    /** Bytes of all keys by MEMORY USAGE, or null when not read. */
    Long memoryBytes() {
        return memoryBytes < 0 ? null : memoryBytes;
    }

    void add(long expiresAtMillis) {
        if (size == expiries.length) {
            expiries = Arrays.copyOf(expiries, size * 2);
        }
        expiries[size++] = expiresAtMillis;
    }

    /** Takes in {@code other}'s keys. */
    void merge(PatternTtls other) {
        if (size + other.size > expiries.length) {
            expiries = Arrays.copyOf(expiries, Math.max(expiries.length * 2, size + other.size));
        }
        System.arraycopy(other.expiries, 0, expiries, size, other.size);
        size += other.size;
        withoutTtl += other.withoutTtl;
        if (other.types != null) {
            other.types.forEach((type, n) -> {
                if (types == null) {
                    types = new TreeMap<>();
                }
                types.merge(type, n, Long::sum);
            });
        }
        if (other.memoryBytes >= 0) {
            addMemory(other.memoryBytes);
        }
        if (other.perNode != null) {
            for (int node = 0; node < other.perNode.length; node++) {
                addToNode(node, other.perNode[node]);
            }
        }
    }

    void addPersistent() {
        withoutTtl++;
    }

    long withoutTtl() {
        return withoutTtl;
    }

    int size() {
        return size;
    }

    /** Remaining TTLs at {@code nowMillis}, sorted, at least 0 (keys that expired during the scan). */
    long[] remainingAt(long nowMillis) {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = Math.max(0, expiries[i] - nowMillis);
        }
        Arrays.sort(out);
        return out;
    }
}
