package dev.stampededoctor.detectors.source;

/** What an input holds, told from its first bytes (never its name): MONITOR text or packets. */
public enum CaptureFormat {
    MONITOR_TEXT, PCAP, PCAPNG,
    /** Keyspace events as {@code scan --source events} records them ({@link KeyEventSource#HEADER}). */
    KEY_EVENTS;

    /** Bytes enough to tell every format apart. */
    public static final int HEAD_BYTES = 34;

    /** The format of an input starting with {@code head} (at least 4 bytes when there are). */
    public static CaptureFormat of(byte[] head, int length) {
        byte[] events = KeyEventSource.HEADER.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (length >= events.length && java.util.Arrays.equals(head, 0, events.length, events, 0, events.length)) {
            return KEY_EVENTS;
        }
        if (length >= 4) {
            int b0 = head[0] & 0xff;
            int b1 = head[1] & 0xff;
            int b2 = head[2] & 0xff;
            int b3 = head[3] & 0xff;
            if (b0 == 0x0a && b1 == 0x0d && b2 == 0x0d && b3 == 0x0a) {
                return PCAPNG;
            }
            boolean big = b0 == 0xa1 && b1 == 0xb2 && ((b2 == 0xc3 && b3 == 0xd4) || (b2 == 0x3c && b3 == 0x4d));
            boolean little = b3 == 0xa1 && b2 == 0xb2 && ((b1 == 0xc3 && b0 == 0xd4) || (b1 == 0x3c && b0 == 0x4d));
            if (big || little) {
                return PCAP;
            }
        }
        return MONITOR_TEXT;
    }

    public String label() {
        return switch (this) {
            case MONITOR_TEXT -> "monitor";
            case PCAP -> "pcap";
            case PCAPNG -> "pcapng";
            case KEY_EVENTS -> "keyspace-events";
        };
    }
}
