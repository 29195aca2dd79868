package dev.stampededoctor.detectors.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A secondary result in units of the input (lines, key operations or bytes), which JMH prints
 * per second next to the invocations per second.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Counted {
    /** Units done in the iteration. */
    public long units;

    @Setup(Level.Iteration)
    public void reset() {
        units = 0;
    }
}
