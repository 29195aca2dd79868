package dev.stampededoctor.detectors.report;

/** A malformed line: where it is, why it was rejected, and its first bytes shown losslessly. */
public record BadLine(String file, long line, String reason, String text) {
}
