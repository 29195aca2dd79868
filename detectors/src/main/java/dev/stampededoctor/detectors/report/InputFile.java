package dev.stampededoctor.detectors.report;

/** One input as named on the command line ({@code -} for stdin). */
public record InputFile(String name, long lines, long parsed, long unparseable) {
}
