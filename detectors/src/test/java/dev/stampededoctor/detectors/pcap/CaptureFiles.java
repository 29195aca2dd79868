package dev.stampededoctor.detectors.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Writes pcap and pcapng files in memory for the tests. */
final class CaptureFiles {
    private CaptureFiles() {
    }

    /** A classic pcap file; packets longer than the snap length are cut as libpcap would. */
    static final class Pcap {
        private final ByteOrder order;
        private final boolean nanos;
        private final int snaplen;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pcap(ByteOrder order, boolean nanos, int linkType, int snaplen) {
            this.order = order;
            this.nanos = nanos;
            this.snaplen = snaplen;
            ByteBuffer h = ByteBuffer.allocate(24).order(order);
            h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4);
            h.putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
            out.writeBytes(h.array());
        }

        Pcap(int linkType) {
            this(ByteOrder.LITTLE_ENDIAN, false, linkType, 262144);
        }

        Pcap add(long micros, byte[] frame) {
            int captured = Math.min(frame.length, snaplen);
            ByteBuffer r = ByteBuffer.allocate(16).order(order);
            long fraction = micros % 1_000_000;
            r.putInt((int) (micros / 1_000_000)).putInt((int) (nanos ? fraction * 1000 + 7 : fraction));
            r.putInt(captured).putInt(frame.length);
            out.writeBytes(r.array());
            out.write(frame, 0, captured);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A pcapng file: sections, interfaces and packet blocks in the order added. */
    static final class Pcapng {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private ByteOrder order;
        private final List<Integer> snaplens = new ArrayList<>();

        Pcapng(ByteOrder order) {
            section(order);
        }

        Pcapng section(ByteOrder newOrder) {
            order = newOrder;
            snaplens.clear();
            ByteBuffer body = ByteBuffer.allocate(16).order(order);
            body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
            return block(0x0A0D0D0A, body.array());
        }

        /** {@code tsresol}: the if_tsresol byte, or -1 for none (µs). */
        Pcapng iface(int linkType, int snaplen, int tsresol) {
            snaplens.add(snaplen);
            ByteBuffer body = ByteBuffer.allocate(tsresol >= 0 ? 20 : 8).order(order);
            body.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
            if (tsresol >= 0) {
                body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
                body.putShort((short) 0).putShort((short) 0);
            }
            return block(1, body.array());
        }

        Pcapng epb(int iface, long ticks, byte[] frame) {
            int captured = cut(iface, frame);
            ByteBuffer body = ByteBuffer.allocate(20 + pad(captured)).order(order);
            body.putInt(iface).putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(captured).putInt(frame.length);
            body.put(frame, 0, captured);
            return block(6, body.array());
        }

        Pcapng pb(int iface, long ticks, byte[] frame) {
            int captured = cut(iface, frame);
            ByteBuffer body = ByteBuffer.allocate(20 + pad(captured)).order(order);
            body.putShort((short) iface).putShort((short) 0).putInt((int) (ticks >>> 32)).putInt((int) ticks);
            body.putInt(captured).putInt(frame.length).put(frame, 0, captured);
            return block(2, body.array());
        }

        Pcapng spb(byte[] frame) {
            int captured = cut(0, frame);
            ByteBuffer body = ByteBuffer.allocate(4 + pad(captured)).order(order);
            body.putInt(frame.length).put(frame, 0, captured);
            return block(3, body.array());
        }

        /** A block of a type the reader skips (a name resolution block, statistics…). */
        Pcapng other(int type, int bodyLength) {
            return block(type, new byte[pad(bodyLength)]);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private int cut(int iface, byte[] frame) {
            int snaplen = snaplens.get(iface);
            return snaplen == 0 ? frame.length : Math.min(frame.length, snaplen);
        }

        private Pcapng block(int type, byte[] body) {
            ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(order);
            b.putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length);
            out.writeBytes(b.array());
            return this;
        }

        private static int pad(int n) {
            return (n + 3) & ~3;
        }
    }
}
