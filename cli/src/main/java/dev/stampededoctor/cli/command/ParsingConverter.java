package dev.stampededoctor.cli.command;

import java.util.function.Function;
import picocli.CommandLine;

/**
 * An option value read by a parse that throws {@link IllegalArgumentException} with a message for
 * the user: picocli then prints that message as the usage error. Subclasses name the parse (picocli
 * makes converters from a class with a no-argument constructor).
 */
abstract class ParsingConverter<T> implements CommandLine.ITypeConverter<T> {
    private final Function<String, T> parse;

    ParsingConverter(Function<String, T> parse) {
        this.parse = parse;
    }

    @Override
    public T convert(String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
