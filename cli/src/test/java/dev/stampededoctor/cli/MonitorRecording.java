package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.servers.RedisServerHandle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * MONITOR on a plain socket, read on a thread of its own into memory up to a bound: the labelled
 * scenarios' recorder ({@code StampedeScenariosIT}, {@code RealLibraryScenariosIT}).
 */
final class MonitorRecording implements AutoCloseable {
    private final Socket socket;
    private final int maxBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread reader;

    private MonitorRecording(Socket socket, int maxBytes) {
        this.socket = socket;
        this.maxBytes = maxBytes;
        this.reader = new Thread(this::read, "monitor-reader");
    }

    /** Starts MONITOR on {@code redis}; keeps at most {@code maxBytes} of the stream. */
    static MonitorRecording start(RedisServerHandle redis, int maxBytes) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(redis.host(), redis.port()), 5_000);
        s.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] ok = new byte[5];
        InputStream in = s.getInputStream();
        int n = in.readNBytes(ok, 0, 5);
        assertThat(new String(ok, 0, n, StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
        MonitorRecording m = new MonitorRecording(s, maxBytes);
        m.reader.start();
        return m;
    }

    private void read() {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0 && bytes.size() < maxBytes) {
                synchronized (bytes) {
                    bytes.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // closed by stop()
        }
    }

    /** Stops MONITOR and returns what was read. */
    byte[] stop() throws InterruptedException, IOException {
        socket.close();
        reader.join(5_000);
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
