package dev.stampededoctor.detectors.simulate;

import java.util.Locale;

/** The capture holds more key operations than a simulation keeps in memory. */
public final class TraceTooLongException extends RuntimeException {
    TraceTooLongException(long limit) {
        super(String.format(Locale.ROOT, "the capture has more than %,d key operations, more than simulate keeps in memory;"
                + " simulate a shorter stretch of it", limit));
    }
}
