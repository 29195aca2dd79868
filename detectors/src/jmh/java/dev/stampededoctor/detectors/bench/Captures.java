package dev.stampededoctor.detectors.bench;

import dev.stampededoctor.detectors.command.CommandModel;
import dev.stampededoctor.detectors.monitor.LineSplitter;
import dev.stampededoctor.detectors.monitor.LineVerdict;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.monitor.MonitorLineParser;
import dev.stampededoctor.detectors.ops.KeyOpRecorder;
import dev.stampededoctor.detectors.ops.KeyOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmarks' input: a recorded MONITOR capture (a path), or, without one, text of the
 * shape {@code redis-benchmark -r 500000 -t set,get,incr,lpush,hset} records: its five tests one
 * after the other, 50 connections, keys drawn from 500 k, a line every few microseconds.
 */
final class Captures {
    static final int KEY_RANGE = 500_000;
    private static final int CLIENTS = 50;

    private Captures() {
    }

    /** {@code path} read whole, or {@code lines} generated lines when it is empty. */
    static byte[] monitorText(String path, int lines) throws IOException {
        if (!path.isEmpty()) {
            return Files.readAllBytes(Path.of(path));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(lines * 68);
        SplittableRandom random = new SplittableRandom(19);
        long micros = 1_796_304_105_000_000L;
        String[] tests = {"SET", "GET", "INCR", "LPUSH", "HSET"};
        int perTest = Math.max(1, lines / tests.length);
        StringBuilder line = new StringBuilder(96);
        for (int n = 0; n < lines; n++) {
            String test = tests[Math.min(n / perTest, tests.length - 1)];
            micros += 1 + random.nextInt(20);
            int port = 40_000 + random.nextInt(CLIENTS);
            String key = String.format("%012d", random.nextInt(KEY_RANGE));
            line.setLength(0);
            line.append(micros / 1_000_000).append('.').append(String.format("%06d", micros % 1_000_000))
                    .append(" [0 127.0.0.1:").append(port).append("] ");
            switch (test) {
                case "SET" -> line.append("\"SET\" \"key:").append(key).append("\" \"VXK\"");
                case "GET" -> line.append("\"GET\" \"key:").append(key).append('"');
                case "INCR" -> line.append("\"INCR\" \"counter:").append(key).append('"');
                case "LPUSH" -> line.append("\"LPUSH\" \"mylist\" \"VXK\"");
                default -> line.append("\"HSET\" \"myhash\" \"element:").append(key).append("\" \"VXK\"");
            }
            line.append('\n');
            out.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** Lines (newlines) in {@code text}. */
    static long lines(byte[] text) {
        long n = 0;
        for (byte b : text) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    /**
     * The key operations of {@code text} in the engine's batches, as the parsing thread hands
     * them to the key pipeline (parser, then command model, then recorder); kept so that the key
     * table and detector stages can be measured alone.
     */
    static List<KeyOps> keyOps(byte[] text) throws IOException {
        List<KeyOps> batches = new ArrayList<>();
        KeyOpRecorder recorder = new KeyOpRecorder(new KeyOps(), full -> {
            batches.add(full);
            return new KeyOps();
        });
        CommandModel model = new CommandModel();
        MonitorLineParser parser = new MonitorLineParser();
        MonitorLine line = new MonitorLine();
        new LineSplitter(1 << 20).split(new ByteArrayInputStream(text), new LineSplitter.Handler() {
            @Override
            public void line(byte[] buf, int start, int end, long lineNumber) {
                line.position(0, lineNumber);
                if (parser.parse(buf, start, end, line) == LineVerdict.COMMAND) {
                    model.apply(line, recorder);
                }
            }

            @Override
            public void tooLong(byte[] buf, int start, int end, long lineNumber) {
            }
        });
        recorder.flush();
        return batches;
    }

    static long operations(List<KeyOps> batches) {
        long n = 0;
        for (KeyOps b : batches) {
            n += b.size();
        }
        return n;
    }
}
