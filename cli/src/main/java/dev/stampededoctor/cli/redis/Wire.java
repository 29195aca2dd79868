package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The byte streams a {@link RedisConnection} speaks RESP over: a TCP (or TLS) socket
 * ({@link TcpWire}) or a unix socket ({@link UnixSocketWire}). Both bound every wait for input by
 * the read timeout with a {@link java.net.SocketTimeoutException} that leaves the wire usable,
 * which is what the live sources poll with.
 */
interface Wire extends AutoCloseable {
    InputStream in();

    OutputStream out();

    /** How long a read may wait for input from now on. */
    void readTimeout(Duration timeout) throws IOException;

    /** This end as MONITOR names a client: {@code ip:port}, {@code [ipv6]:port}, {@code unix:<path>}. */
    String localAddress();

    /** Closes the wire; a read or write blocked on it in another thread ends with an IOException. Never fails. */
    @Override
    void close();

    /** Opens the wire {@code url} names, within {@code connectTimeout}. */
    static Wire open(RedisUrl url, TlsOptions tls, Duration connectTimeout, Duration readTimeout,
            java.net.InetAddress localAddress) throws IOException {
        if (url.unixSocket()) {
            return UnixSocketWire.open(java.nio.file.Path.of(url.socket()), connectTimeout, readTimeout);
        }
        return TcpWire.open(url, tls, connectTimeout, readTimeout, localAddress);
    }
}
