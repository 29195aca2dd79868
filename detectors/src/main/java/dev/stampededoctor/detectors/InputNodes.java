package dev.stampededoctor.detectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The node each input was recorded on (null: one server), and a small tag per node for the command model. */
final class InputNodes {
    private final List<String> nodes = new ArrayList<>();
    private final Map<String, Integer> tags = new HashMap<>();

    /** Input {@code input} was recorded on {@code node}; returns the node's tag (1 and up; 0 for none). */
    int set(int input, String node) {
        while (nodes.size() <= input) {
            nodes.add(null);
        }
        nodes.set(input, node);
        return node == null ? 0 : tags.computeIfAbsent(node, n -> tags.size() + 1);
    }

    /** The node of input {@code input}; null for one server. */
    String of(int input) {
        return input >= 0 && input < nodes.size() ? nodes.get(input) : null;
    }

    List<String> all() {
        return nodes;
    }
}
