package dev.stampededoctor.detectors.simulate;

/** The capture holds more key operations than a simulation keeps in memory. */
public final class TraceTooLongException extends RuntimeException {
    TraceTooLongException(long limit) {
        super(String.format("the capture has more than %,d key operations, more than simulate keeps in memory;"
                + " simulate a shorter stretch of it", limit));
    }
}
