package dev.stampededoctor.detectors.pcap;

/** Receives the reassembled byte streams of the TCP connections in a capture. */
public interface TcpStreamHandler {
    /** A new connection seen (first segment of the flow); ids are 0,1,2… in order of appearance. */
    void opened(TcpFlow flow, long micros);

    /** The next bytes of one direction, in sequence order; the buffer is reused after the call. */
    void data(TcpFlow flow, boolean toServer, long micros, byte[] buf, int off, int len);

    /** Bytes of one direction that will never come (lost, not captured, cut by the snap length). */
    void gap(TcpFlow flow, boolean toServer, long micros, long bytes);

    /** The connection ended (FIN/RST both ways, evicted, or the capture ended). */
    void closed(TcpFlow flow, long micros);
}
