package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The capture files of analyze and simulate, checked before any is read. */
final class InputFiles {
    private static final Path STDIN = Path.of("-");

    private InputFiles() {
    }

    /**
     * Stdin at most once, no file twice (under two names, a link, {@code ./x}: its traffic would be
     * counted twice), and no input as the --output file, whose report would replace the capture.
     */
    static void check(List<Path> files, ReportOutput output) {
        if (files.stream().filter(STDIN::equals).count() > 1) {
            throw new UsageException("'-' (stdin) can be given only once");
        }
        for (int i = 0; i < files.size(); i++) {
            Path a = files.get(i);
            if (a.equals(STDIN)) {
                continue;
            }
            for (int j = i + 1; j < files.size(); j++) {
                if (same(a, files.get(j))) {
                    throw new UsageException(a + " is given twice (as " + files.get(j) + "): its commands would count"
                            + " twice");
                }
            }
            if (output.file != null && same(a, output.file)) {
                throw new UsageException("--output " + output.file + " is the input " + a
                        + ": the report would replace the capture");
            }
        }
    }

    private static boolean same(Path a, Path b) {
        if (b.equals(STDIN) || !Files.exists(a) || !Files.exists(b)) {
            return false; // a missing file is said when it is read
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
