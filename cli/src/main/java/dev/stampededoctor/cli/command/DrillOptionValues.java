package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.drill.ConnectionMode;
import dev.stampededoctor.cli.drill.Mitigation;
import dev.stampededoctor.cli.drill.Scenario;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine;

/**
 * The values drill's --scenario, --mitigation and --connections take: their converters (which
 * accept the labels, {@code write-through}, not the enum names) and the labels completions offer.
 */
final class DrillOptionValues {

    private DrillOptionValues() {
    }

    public static final class ScenarioConverter implements CommandLine.ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String value) {
            try {
                return Scenario.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class MitigationConverter implements CommandLine.ITypeConverter<Mitigation> {
        @Override
        public Mitigation convert(String value) {
            try {
                return Mitigation.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class ConnectionModeConverter implements CommandLine.ITypeConverter<ConnectionMode> {
        @Override
        public ConnectionMode convert(String value) {
            try {
                return ConnectionMode.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Scenario.values()).map(Scenario::label).iterator();
        }
    }

    public static final class MitigationNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Mitigation.values()).map(Mitigation::label).iterator();
        }
    }

    public static final class ConnectionModeNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ConnectionMode.values()).map(ConnectionMode::label).iterator();
        }
    }
}
