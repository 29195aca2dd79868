package dev.stampededoctor.detectors.pcap;

/** A pcapng interface's timestamp resolution (option if_tsresol), turning ticks into µs. */
final class TimestampUnit {
    static final TimestampUnit MICROS = new TimestampUnit(false, 6);

    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final boolean binary;
    private final int exponent;

    private TimestampUnit(boolean binary, int exponent) {
        this.binary = binary;
        this.exponent = exponent;
    }

    /** From the option's byte: high bit clear = 10^-n s, set = 2^-n s; null if unusable. */
    static TimestampUnit fromOption(int value) {
        boolean binary = (value & 0x80) != 0;
        int exponent = value & 0x7F;
        if (binary ? exponent > 63 : exponent > 18) {
            return null;
        }
        return new TimestampUnit(binary, exponent);
    }

    long toMicros(long ticks) {
        if (binary) {
            long whole = ticks >>> exponent;
            long fraction = exponent == 0 ? 0 : ticks & ((1L << exponent) - 1);
            // Keep the fraction's top 40 bits so multiplying by 10^6 cannot overflow.
            int shift = exponent;
            if (shift > 40) {
                fraction >>>= shift - 40;
                shift = 40;
            }
            return whole * 1_000_000L + ((fraction * 1_000_000L) >>> shift);
        }
        if (exponent >= 6) {
            return ticks / POWERS_OF_TEN[exponent - 6];
        }
        return ticks * POWERS_OF_TEN[6 - exponent];
    }
}
