package dev.stampededoctor.detectors.live;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a live view's snapshots cost the reading thread (a bench, not a test; see
 * docs/benchmark.md): analyses CAPTURE, taking {@link CaptureAnalyzer#snapshot} every BYTES read,
 * and prints the total time and the snapshots' mean and worst pause. Run with BYTES larger than the
 * file for the time without snapshots.
 */
public final class SnapshotCostBench {
    private SnapshotCostBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SnapshotCostBench CAPTURE BYTES");
            System.exit(2);
        }
        long every = Long.parseLong(args[1]);
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.countReadsPerKey();
        long[] pauses = new long[3]; // count, total, worst (ns)
        InputStream raw = new BufferedInputStream(Files.newInputStream(Path.of(args[0])), 1 << 16);
        InputStream in = new FilterInputStream(raw) {
            private long read;
            private long next = every;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= next) {
                    long t = System.nanoTime();
                    analyzer.snapshot(40);
                    long d = System.nanoTime() - t;
                    pauses[0]++;
                    pauses[1] += d;
                    pauses[2] = Math.max(pauses[2], d);
                    next += every;
                }
                int n = super.read(b, off, len);
                read += Math.max(0, n);
                return n;
            }
        };
        long start = System.nanoTime();
        analyzer.read(args[0], in);
        analyzer.report();
        System.out.printf(java.util.Locale.ROOT, "total %.2f s, %d snapshots, mean %.1f ms, worst %.1f ms%n",
                (System.nanoTime() - start) / 1e9, pauses[0], pauses[1] / 1e6 / Math.max(1, pauses[0]), pauses[2] / 1e6);
    }
}
