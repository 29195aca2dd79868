package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.input.CaptureInput;
import dev.stampededoctor.cli.input.CapturePlan;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.simulate.CaptureSimulator;
import dev.stampededoctor.detectors.simulate.IncidentAdvice;
import dev.stampededoctor.detectors.simulate.TraceTooLongException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Ranks a report's fixes the way {@code simulate} would: reads the capture a second time into the
 * simulate engine and replays each alarm incident under every policy ({@link IncidentAdvice}).
 * Only when there is an alarm, and only for inputs that can be read again (plain files: not stdin,
 * a FIFO, {@code <(…)} or {@code /dev/stdin}, whose second read would wait or find nothing); otherwise,
 * or when the capture is too long to hold in memory, the advice stays ranked by cause and the
 * incidents say so ({@code adviceRankedBy: rule}).
 */
final class AdviceReplay {
    /** Bytes of heap per traced operation the replay may use (the trace takes about 31, growth doubles it). */
    private static final long HEAP_BYTES_PER_OPERATION = 100;

    private AdviceReplay() {
    }

    static Report rank(Report report, List<String> inputs, int maxLineBytes, int maxKeys) {
        if (!IncidentAdvice.anyToReplay(report)) {
            return report;
        }
        return rank(report, CapturePlan.inOrder(inputs.stream().map(CaptureInput::of).toList()), maxLineBytes, maxKeys,
                PacketOptions.DEFAULT_PORTS);
    }

    /** Ranks with the inputs read again as the analysis read them: in order, or merged by node. */
    static Report rank(Report report, CapturePlan plan, int maxLineBytes, int maxKeys,
            java.util.function.IntPredicate redisPorts) {
        List<String> inputs = plan.inputs().stream().map(CaptureInput::name).toList();
        if (!IncidentAdvice.anyToReplay(report) || !inputs.stream().allMatch(AdviceReplay::readableAgain)) {
            return report;
        }
        long maxOperations = Math.max(1_000_000, Runtime.getRuntime().maxMemory() / HEAP_BYTES_PER_OPERATION);
        // Only the incidents' own keys are traced: the second read costs a parse, not a simulation.
        CaptureSimulator simulator = CaptureSimulator.forKeys(maxLineBytes, maxKeys, maxOperations,
                IncidentAdvice.keysToReplay(report));
        simulator.serverPorts(redisPorts);
        try {
            if (plan.merged()) {
                simulator.readMerged(plan.mergeInputs());
            } else {
                for (String name : inputs) {
                    try (InputStream in = CaptureInput.of(name).open()) {
                        simulator.read(name, in);
                    }
                }
            }
        } catch (IOException | TraceTooLongException e) {
            return report; // ranked by cause, as the incidents say
        }
        return IncidentAdvice.rank(report, simulator);
    }

    /** A plain file, which a second read finds as the first did. */
    private static boolean readableAgain(String input) {
        return !input.equals("-") && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(input));
    }
}
