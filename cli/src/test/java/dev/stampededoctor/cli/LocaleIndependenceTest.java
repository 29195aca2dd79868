package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reports are read by other tooling, so they must not change with the JVM's locale: a German
 * default once turned "0.700 s" into "0,700 s" inside the JSON, and an Arabic one would have
 * written the digits themselves differently. Every format of both examples, and a simulation,
 * is compared with the run under {@link Locale#ROOT}.
 */
class LocaleIndependenceTest {
    /** A decimal comma, Arabic-Indic digits, a dotted capital I, an apostrophe for grouping. */
    private static final List<Locale> LOCALES = List.of(Locale.GERMANY, Locale.forLanguageTag("ar-EG"),
            Locale.forLanguageTag("tr-TR"), Locale.forLanguageTag("de-CH"), Locale.forLanguageTag("hi-IN-u-nu-deva"));
    private static final List<List<String>> RUNS = List.of(
            List.of("analyze", "-f", "json", "../examples/ttl-herd.monitor.log"),
            List.of("analyze", "-f", "json", "../examples/invalidation-stampede.monitor.log"),
            List.of("analyze", "-f", "text", "../examples/ttl-herd.monitor.log"),
            List.of("analyze", "-f", "text", "../examples/invalidation-stampede.monitor.log"),
            List.of("analyze", "-f", "markdown", "../examples/invalidation-stampede.monitor.log"),
            List.of("analyze", "-f", "html", "../examples/ttl-herd.monitor.log"),
            List.of("analyze", "-f", "openmetrics", "../examples/invalidation-stampede.monitor.log"),
            List.of("simulate", "-f", "text", "../examples/ttl-herd.monitor.log"),
            List.of("simulate", "-f", "markdown", "../examples/invalidation-stampede.monitor.log"));

    private final Locale original = Locale.getDefault();
    private final Locale originalFormat = Locale.getDefault(Locale.Category.FORMAT);

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(original);
        Locale.setDefault(Locale.Category.FORMAT, originalFormat);
    }

    @Test
    void everyReportIsTheSameUnderAnyDefaultLocale() {
        for (List<String> run : RUNS) {
            String[] args = run.toArray(String[]::new);
            Locale.setDefault(Locale.ROOT);
            CliRun expected = CliRun.of(args);
            assertThat(expected.exitCode()).as("%s", run).isIn(0, 1);
            assertThat(expected.out()).as("%s", run).isNotBlank();
            for (Locale locale : LOCALES) {
                Locale.setDefault(locale);
                CliRun actual = CliRun.of(args);
                assertThat(actual.exitCode()).as("%s under %s", run, locale).isEqualTo(expected.exitCode());
                assertThat(withoutGenerationTime(actual.out())).as("%s under %s", run, locale)
                        .isEqualTo(withoutGenerationTime(expected.out()));
            }
        }
    }

    /** The instant the report was made, the one thing two runs may not share. */
    private static String withoutGenerationTime(String report) {
        long now = System.currentTimeMillis();
        String today = java.time.Instant.ofEpochMilli(now).toString().substring(0, 10);
        String yesterday = java.time.Instant.ofEpochMilli(now - 86_400_000L).toString().substring(0, 10);
        return report.replaceAll("(" + today + "|" + yesterday + ")T[0-9:.]+Z", "<generated>");
    }
}
