package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A TCP socket, TLS when the URL says {@code rediss://}: the read timeout is the socket's SO_TIMEOUT. */
final class TcpWire implements Wire {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TcpWire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code localAddress} (null: the one the system picks). */
    static TcpWire open(RedisUrl url, TlsOptions tls, Duration connectTimeout, Duration readTimeout,
            java.net.InetAddress localAddress) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(url.host(), url.port()), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) Math.max(1, readTimeout.toMillis()));
            if (url.tls()) {
                SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory()
                        .createSocket(socket, url.host(), url.port(), true);
                if (!tls.insecure()) {
                    SSLParameters p = ssl.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(p);
                }
                ssl.startHandshake();
                socket = ssl;
            }
            return new TcpWire(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    }

    @Override
    public String localAddress() {
        java.net.InetAddress a = socket.getLocalAddress();
        String ip = a.getHostAddress();
        return (a instanceof java.net.Inet6Address ? "[" + ip.replaceAll("%.*$", "") + "]" : ip) + ":" + socket.getLocalPort();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do: we are leaving
        }
    }
}
