package dev.stampededoctor.detectors.pcap;

import java.io.IOException;

/**
 * The capture file is not one, or one of its headers cannot be trusted. The message is one line
 * in plain words, fit to show the user as it is. An {@link IOException} so that callers reading a
 * file handle it with the other reasons a file cannot be read.
 */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaptureFormatException(String message) {
        super(message);
    }
}
