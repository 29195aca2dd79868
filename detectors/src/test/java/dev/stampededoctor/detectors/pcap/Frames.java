package dev.stampededoctor.detectors.pcap;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds packets for the tests, layer by layer: TCP, then IP, then a link-layer framing. */
final class Frames {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    private Frames() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] tcp(int srcPort, int dstPort, long seq, long ack, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack);
        b.put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535).putInt(0);
        b.put(payload);
        return b.array();
    }

    static byte[] ipv4(String src, String dst, byte[] tcp) {
        return ipv4(src, dst, 6, 0, tcp);
    }

    /** {@code fragment}: the flags-and-offset field (0x2000 = more fragments). */
    static byte[] ipv4(String src, String dst, int protocol, int fragment, byte[] l4) {
        ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putInt(0x1234_0000 | fragment);
        b.put((byte) 64).put((byte) protocol).putShort((short) 0);
        b.put(address(src)).put(address(dst)).put(l4);
        return b.array();
    }

    /** {@code extensions}: next-header numbers of 8-byte extension headers to put before {@code l4}. */
    static byte[] ipv6(String src, String dst, int protocol, byte[] l4, int... extensions) {
        int extLen = 8 * extensions.length;
        ByteBuffer b = ByteBuffer.allocate(40 + extLen + l4.length);
        b.putInt(0x6000_0000).putShort((short) (extLen + l4.length));
        b.put((byte) (extensions.length > 0 ? extensions[0] : protocol)).put((byte) 64);
        b.put(address(src)).put(address(dst));
        for (int i = 0; i < extensions.length; i++) {
            int next = i + 1 < extensions.length ? extensions[i + 1] : protocol;
            b.put((byte) next).put((byte) 0).put(new byte[6]);
        }
        b.put(l4);
        return b.array();
    }

    static byte[] ipv6(String src, String dst, byte[] tcp) {
        return ipv6(src, dst, 6, tcp);
    }

    static byte[] ethernet(byte[] ip, int... vlanTpids) {
        int etherType = (ip[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTpids.length + ip.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2});
        for (int tpid : vlanTpids) {
            b.putShort((short) tpid).putShort((short) 42);
        }
        b.putShort((short) etherType).put(ip);
        return b.array();
    }

    static byte[] ethernetType(int etherType, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        b.put(new byte[12]).putShort((short) etherType).put(payload);
        return b.array();
    }

    static byte[] sll(byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(16 + ip.length);
        b.putShort((short) 0).putShort((short) 772).putShort((short) 6).put(new byte[8]);
        b.putShort((short) etherTypeOf(ip)).put(ip);
        return b.array();
    }

    static byte[] sll2(byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(20 + ip.length);
        b.putShort((short) etherTypeOf(ip)).putShort((short) 0).putInt(1).putShort((short) 772);
        b.put((byte) 0).put((byte) 6).put(new byte[8]).put(ip);
        return b.array();
    }

    static byte[] loopback(int family, ByteOrder order, byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(4 + ip.length);
        b.order(order).putInt(family).put(ip);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static int etherTypeOf(byte[] ip) {
        return (ip[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
