package dev.stampededoctor.detectors.simulate;

import java.util.List;

/**
 * What was read.
 *
 * @param files       the inputs, in the order read
 * @param lines       lines read
 * @param parsed      MONITOR commands among them
 * @param unparseable malformed, truncated or too-long lines (skipped)
 * @param seconds     first to last command
 * @param keys        distinct (db, key) pairs replayed
 * @param untracked   key operations past {@code --max-keys}, not replayed
 */
public record SimulatedInput(List<String> files, long lines, long parsed, long unparseable, double seconds, long keys,
        long untracked) {
}
