package dev.stampededoctor.detectors.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One input as named on the command line ({@code -} for stdin).
 *
 * @param endedEarly why the input ended before its proper end (a cut or damaged gzip stream):
 *                   the report covers the lines before; null (absent from JSON) otherwise
 * @param packets    for a packet capture (pcap, pcapng): what its packets and connections held;
 *                   null (absent from JSON) for MONITOR text
 */
public record InputFile(String name, long lines, long parsed, long unparseable,
        @JsonInclude(JsonInclude.Include.NON_NULL) String endedEarly,
        @JsonInclude(JsonInclude.Include.NON_NULL) PacketCapture packets) {

    public InputFile(String name, long lines, long parsed, long unparseable) {
        this(name, lines, parsed, unparseable, null, null);
    }

    public InputFile withEndedEarly(String why) {
        return new InputFile(name, lines, parsed, unparseable, why, packets);
    }

    /** A packet capture's input: {@code lines} counts the commands it gave, as a MONITOR capture's lines. */
    public static InputFile ofPackets(String name, PacketCapture packets) {
        return new InputFile(name, packets.commands(), packets.commands(), 0, null, packets);
    }
}
