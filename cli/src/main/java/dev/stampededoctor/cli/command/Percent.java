package dev.stampededoctor.cli.command;

import picocli.CommandLine;

/** {@code 10%}, {@code 0.5%} or {@code 10}: a percentage, as a number of percent. */
public final class Percent implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        String v = value.strip();
        if (v.endsWith("%")) {
            v = v.substring(0, v.length() - 1).strip();
        }
        try {
            double p = Double.parseDouble(v);
            if (!(p > 0 && p <= 100)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a percentage above 0 and at most 100");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a percentage (write e.g. 10%)");
        }
    }
}
