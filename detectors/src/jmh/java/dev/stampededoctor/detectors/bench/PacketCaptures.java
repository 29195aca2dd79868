package dev.stampededoctor.detectors.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A classic pcap file in memory, of the shape {@code tcpdump -i lo port 6379} records while
 * {@code redis-benchmark -t set,get} runs: Ethernet, IPv4, TCP with the timestamp option; each
 * connection opens with a handshake; each request, each reply and each client ACK is a packet.
 */
final class PacketCaptures {
    private static final int SYN = 0x02;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    private static final int FIN = 0x01;
    static final int SERVER_PORT = 6379;

    private PacketCaptures() {
    }

    static byte[] redisBenchmark(int requests, int connections) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(requests * 3 * 100);
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        out.writeBytes(header.array());
        SplittableRandom random = new SplittableRandom(19);
        long[] clientSeq = new long[connections];
        long[] serverSeq = new long[connections];
        long micros = 1_796_304_105_000_000L;
        for (int c = 0; c < connections; c++) {
            clientSeq[c] = random.nextInt() & 0xFFFFFFFFL;
            serverSeq[c] = random.nextInt() & 0xFFFFFFFFL;
            packet(out, micros++, c, true, clientSeq[c]++, 0, SYN, new byte[0]);
            packet(out, micros++, c, false, serverSeq[c]++, clientSeq[c], SYN | ACK, new byte[0]);
            packet(out, micros++, c, true, clientSeq[c], serverSeq[c], ACK, new byte[0]);
        }
        byte[] ok = ascii("+OK\r\n");
        for (int n = 0; n < requests; n++) {
            int c = random.nextInt(connections);
            String key = String.format("key:%012d", random.nextInt(Captures.KEY_RANGE));
            boolean set = n < requests / 2;
            byte[] request = ascii(set
                    ? "*3\r\n$3\r\nSET\r\n$16\r\n" + key + "\r\n$3\r\nVXK\r\n"
                    : "*2\r\n$3\r\nGET\r\n$16\r\n" + key + "\r\n");
            byte[] reply = set ? ok : random.nextInt(10) == 0 ? ascii("$-1\r\n") : ascii("$3\r\nVXK\r\n");
            micros += 1 + random.nextInt(8);
            packet(out, micros, c, true, clientSeq[c], serverSeq[c], PSH | ACK, request);
            clientSeq[c] += request.length;
            micros += 1 + random.nextInt(8);
            packet(out, micros, c, false, serverSeq[c], clientSeq[c], PSH | ACK, reply);
            serverSeq[c] += reply.length;
            packet(out, micros + 1, c, true, clientSeq[c], serverSeq[c], ACK, new byte[0]);
        }
        for (int c = 0; c < connections; c++) {
            packet(out, ++micros, c, true, clientSeq[c]++, serverSeq[c], FIN | ACK, new byte[0]);
            packet(out, ++micros, c, false, serverSeq[c]++, clientSeq[c], FIN | ACK, new byte[0]);
            packet(out, ++micros, c, true, clientSeq[c], serverSeq[c], ACK, new byte[0]);
        }
        return out.toByteArray();
    }

    private static void packet(ByteArrayOutputStream out, long micros, int connection, boolean toServer, long seq,
            long ack, int flags, byte[] payload) {
        int clientPort = 40_000 + connection;
        int tcpLength = 32 + payload.length;
        int ipLength = 20 + tcpLength;
        int frameLength = 14 + ipLength;
        ByteBuffer b = ByteBuffer.allocate(16 + frameLength);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                .putInt(frameLength).putInt(frameLength);
        b.order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[12]).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putInt(0x4000_0000);
        b.put((byte) 64).put((byte) 6).putShort((short) 0);
        b.put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
        b.putShort((short) (toServer ? clientPort : SERVER_PORT)).putShort((short) (toServer ? SERVER_PORT : clientPort));
        b.putInt((int) seq).putInt((int) ack).put((byte) (8 << 4)).put((byte) flags).putShort((short) 512).putInt(0);
        b.put((byte) 1).put((byte) 1).put((byte) 8).put((byte) 10).putInt((int) micros).putInt((int) micros - 40);
        b.put(payload);
        out.writeBytes(b.array());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
