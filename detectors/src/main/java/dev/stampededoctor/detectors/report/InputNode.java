package dev.stampededoctor.detectors.report;

import java.util.List;

/**
 * One node of a capture merged from several nodes' (each node's files in the order given).
 *
 * @param node     {@code host:port} (or the file's name when nothing names the node)
 * @param files    its inputs, as named on the command line
 * @param parsed   its commands
 * @param timeSpan the first and last timestamps of its commands; null when it had none
 */
public record InputNode(String node, List<String> files, long parsed, TimeSpan timeSpan) {
}
