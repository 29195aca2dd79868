package dev.stampededoctor.cli.input;

import dev.stampededoctor.detectors.source.MergedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How the inputs of one run are read: in order as one capture, or, recorded at the same time on
 * several nodes, merged by timestamp with each input's node ({@code nodes}, parallel to
 * {@code inputs}; null when not merged).
 */
public record CapturePlan(List<CaptureInput> inputs, List<String> nodes) {

    public static CapturePlan inOrder(List<CaptureInput> inputs) {
        return new CapturePlan(List.copyOf(inputs), null);
    }

    public boolean merged() {
        return nodes != null;
    }

    /** The inputs as the merge reads them: each with its node. */
    public List<MergedReader.Input> mergeInputs() {
        List<MergedReader.Input> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            out.add(new NodeInput(inputs.get(i), nodes.get(i)));
        }
        return out;
    }

    private record NodeInput(CaptureInput input, String node) implements MergedReader.Input {
        @Override
        public String name() {
            return input.name();
        }

        @Override
        public InputStream open() throws IOException {
            return input.open();
        }

        @Override
        public String endedEarly() {
            return input.endedEarly();
        }
    }
}
