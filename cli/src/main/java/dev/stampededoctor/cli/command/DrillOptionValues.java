package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.drill.ConnectionMode;
import dev.stampededoctor.cli.drill.Mitigation;
import dev.stampededoctor.cli.drill.Scenario;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The values drill's --scenario, --mitigation and --connections take: their converters (which
 * accept the labels, {@code write-through}, not the enum names) and the labels completions offer.
 */
final class DrillOptionValues {

    private DrillOptionValues() {
    }

    public static final class ScenarioConverter extends ParsingConverter<Scenario> {
        public ScenarioConverter() {
            super(Scenario::of);
        }
    }

    public static final class MitigationConverter extends ParsingConverter<Mitigation> {
        public MitigationConverter() {
            super(Mitigation::of);
        }
    }

    public static final class ConnectionModeConverter extends ParsingConverter<ConnectionMode> {
        public ConnectionModeConverter() {
            super(ConnectionMode::of);
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
