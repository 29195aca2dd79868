package dev.stampededoctor.detectors.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One input as named on the command line ({@code -} for stdin).
 *
 * @param endedEarly why the input ended before its proper end (a cut or damaged gzip stream):
 *                   the report covers the lines before; null (absent from JSON) otherwise
 */
public record InputFile(String name, long lines, long parsed, long unparseable,
        @JsonInclude(JsonInclude.Include.NON_NULL) String endedEarly) {

    public InputFile(String name, long lines, long parsed, long unparseable) {
        this(name, lines, parsed, unparseable, null);
    }

    public InputFile withEndedEarly(String why) {
        return new InputFile(name, lines, parsed, unparseable, why);
    }
}
