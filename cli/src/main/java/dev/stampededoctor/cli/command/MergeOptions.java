package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.input.CaptureInput;
import dev.stampededoctor.cli.input.CapturePlan;
import dev.stampededoctor.cli.input.NodeNames;
import dev.stampededoctor.detectors.source.CaptureSpan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import picocli.CommandLine.Option;

/**
 * Several captures: recorded at the same time on several nodes (a cluster's primaries: merged by
 * timestamp, each file one node) or one after another (a capture split in parts: read in order).
 */
public final class MergeOptions {
    @Option(names = "--merge",
            description = "Read several files as captures made at the same time on several nodes, merged by"
                    + " timestamp (each file one node). Default: merged when two files overlap in time or name"
                    + " different nodes, else read in order. Overlap: a plain file's first and last timestamps; a"
                    + " gzip file or stdin, whose end costs reading it all, is looked at for its first 256 KiB, and"
                    + " such files overlap when they start within 60 s of each other.")
    boolean merge;

    @Option(names = "--no-merge", description = "Read several files in order as one capture (one server's, split in parts).")
    boolean noMerge;

    @Option(names = "--node-name", paramLabel = "FILE=HOST:PORT",
            description = "The node FILE was recorded on, for a merged reading (repeatable). Default: HOST:PORT from"
                    + " the name 'scan --save' gives a node's capture (monitor-HOST_PORT.log, also keyspace-events-…,"
                    + " traffic-….pcap, plain or .gz), else the file's name.")
    List<String> nodeNames;

    /** How to read {@code inputs}; their spans are looked at only when the default rule needs them. */
    public CapturePlan plan(List<CaptureInput> inputs, IntPredicate serverPorts) {
        Map<Integer, String> named = named(inputs);
        if (merge && noMerge) {
            throw new UsageException("--merge and --no-merge: choose one");
        }
        if (noMerge) {
            if (!named.isEmpty()) {
                throw new UsageException("--node-name names the nodes of a merged reading: not with --no-merge");
            }
            return CapturePlan.inOrder(inputs);
        }
        if (inputs.size() < 2) {
            return CapturePlan.inOrder(inputs);
        }
        List<String> nodes = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            String node = named.containsKey(i) ? named.get(i) : NodeNames.fromFileName(inputs.get(i).name());
            nodes.add(node);
            if (node != null) {
                known.add(node);
            }
        }
        boolean mergeThem = merge || known.size() >= 2 || overlapping(inputs, serverPorts);
        if (!mergeThem) {
            return CapturePlan.inOrder(inputs);
        }
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) == null) {
                nodes.set(i, inputs.get(i).name());
            }
            distinct.add(nodes.get(i));
        }
        // One node's files are one capture: read in order, as one server's.
        return distinct.size() < 2 ? CapturePlan.inOrder(inputs) : new CapturePlan(List.copyOf(inputs), List.copyOf(nodes));
    }

    private static boolean overlapping(List<CaptureInput> inputs, IntPredicate serverPorts) {
        List<CaptureSpan> spans = new ArrayList<>();
        for (CaptureInput input : inputs) {
            spans.add(input.span(serverPorts));
        }
        return CaptureSpan.anyOverlap(spans);
    }

    /** The {@code --node-name} mapping: input index → node; each FILE must be one of the inputs. */
    private Map<Integer, String> named(List<CaptureInput> inputs) {
        Map<Integer, String> out = new LinkedHashMap<>();
        if (nodeNames == null) {
            return out;
        }
        for (String mapping : nodeNames) {
            int eq = mapping.lastIndexOf('=');
            if (eq <= 0 || eq == mapping.length() - 1) {
                throw new UsageException("--node-name " + mapping + ": FILE=HOST:PORT, e.g. a.log=10.0.0.5:7000");
            }
            String file = mapping.substring(0, eq);
            String node = mapping.substring(eq + 1);
            int index = indexOf(inputs, file);
            if (index < 0) {
                throw new UsageException("--node-name " + mapping + ": " + file + " is not one of the files given");
            }
            out.put(index, node);
        }
        return out;
    }

    private static int indexOf(List<CaptureInput> inputs, String file) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).name().equals(file)) {
                return i;
            }
        }
        Path wanted = Path.of(file).toAbsolutePath().normalize();
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).name().equals("-") && Path.of(inputs.get(i).name()).toAbsolutePath().normalize().equals(wanted)) {
                return i;
            }
        }
        return -1;
    }
}
