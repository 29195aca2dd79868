package dev.stampededoctor.detectors.bench;

import dev.stampededoctor.detectors.pcap.CaptureStats;
import dev.stampededoctor.detectors.pcap.PcapStreams;
import dev.stampededoctor.detectors.pcap.TcpFlow;
import dev.stampededoctor.detectors.pcap.TcpStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pcap reader: a capture file in memory through {@link PcapStreams#read} (pcap records,
 * link and IP decoding, TCP reassembly) into a handler that only counts the stream bytes.
 * Secondary result {@code units}: capture file bytes/s (MB/s = units / 10^6).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseSerialGC"})
public class PcapReaderBench {
    /** A recorded pcap or pcapng file (Redis on port 6379); empty: 300 k generated requests. */
    @Param("")
    public String pcap;

    @Param("300000")
    public int requests;

    private byte[] file;

    @Setup
    public void load() throws IOException {
        file = pcap.isEmpty() ? PacketCaptures.redisBenchmark(requests, 50) : Files.readAllBytes(Path.of(pcap));
        long[] read = readOnce();
        if (read[0] == 0 || (pcap.isEmpty() && read[1] != 0)) {
            throw new IllegalStateException("the capture read as " + read[0] + " stream bytes, " + read[1] + " gaps");
        }
    }

    @Benchmark
    public long read(Counted counted) throws IOException {
        long[] read = readOnce();
        counted.units += file.length;
        return read[0] + read[2];
    }

    /** Stream bytes, gaps and packets. */
    private long[] readOnce() throws IOException {
        long[] counts = {0, 0, 0};
        CaptureStats stats = PcapStreams.read(new ByteArrayInputStream(file), port -> port == PacketCaptures.SERVER_PORT,
                new TcpStreamHandler() {
                    @Override
                    public void opened(TcpFlow flow, long micros) {
                    }

                    @Override
                    public void data(TcpFlow flow, boolean toServer, long micros, byte[] buf, int off, int len) {
                        counts[0] += len;
                    }

                    @Override
                    public void gap(TcpFlow flow, boolean toServer, long micros, long missing) {
                        counts[1]++;
                    }

                    @Override
                    public void closed(TcpFlow flow, long micros) {
                    }
                });
        counts[2] = stats.packets();
        return counts;
    }
}
