package dev.stampededoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stampededoctor.cli.command.CheckCommand;
import dev.stampededoctor.cli.drill.DrillReport;
import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.simulate.CaptureSimulator;
import dev.stampededoctor.detectors.simulate.Policies;
import dev.stampededoctor.detectors.simulate.SimulationReport;
import dev.stampededoctor.detectors.ttl.JitterPlan;
import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordJson} against Jackson's databind, the writer it replaced: the same bytes for the
 * real reports of both examples and for thousands of generated documents of every type the tool
 * prints, and every type reachable from them made only of what RecordJson handles.
 */
class RecordJsonTest {
    /** Every document type the tool prints as JSON (PrettyJson's callers). */
    private static final List<Class<?>> DOCUMENTS = List.of(Report.class, SimulationReport.class, TtlAuditReport.class,
            JitterPlan.class, CheckCommand.Result.class, DrillReport.class);

    private static final ObjectMapper DATABIND = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Test
    void every_document_type_holds_only_records_enums_strings_numbers_booleans_lists_and_maps() {
        Set<Class<?>> records = reachableRecords();
        assertThat(records).contains(Report.class, SimulationReport.class, CheckCommand.Result.class);
        List<String> problems = new ArrayList<>();
        for (Class<?> type : records) {
            problems.addAll(unsupported(type));
        }
        assertThat(problems).as("extend RecordJson (and this test) before using these in a document").isEmpty();
    }

    @Test
    void writes_the_reports_of_both_examples_as_databind_does() throws Exception {
        for (String example : List.of("invalidation-stampede", "ttl-herd")) {
            Path capture = Path.of("../examples/" + example + ".monitor.log");
            CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
            try (InputStream in = Files.newInputStream(capture)) {
                analyzer.read(capture.toString(), in);
            }
            Report report = analyzer.report();
            assertThat(report.incidents()).isNotEmpty();
            assertSameJson(report);

            CaptureSimulator simulator = new CaptureSimulator(AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, 1000);
            try (InputStream in = Files.newInputStream(capture)) {
                simulator.read(capture.toString(), in);
            }
            assertSameJson(simulator.simulate(Policies.all(), -1));
        }
    }

    @Test
    void writes_generated_documents_of_every_type_as_databind_does() throws Exception {
        Random random = new Random(19);
        int written = 0;
        for (Class<?> document : DOCUMENTS) {
            int made = 0;
            for (int i = 0; i < 400; i++) {
                Object value = new Generator(random).value(document, document, 0);
                String expected;
                try {
                    expected = value == null ? null : databind(value);
                } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                    // a getter of the value threw (CacheEvent.isAlarm() of a null kind): no document
                    assertThatThrownBy(() -> json(value)).isInstanceOf(IllegalStateException.class);
                    continue;
                }
                if (expected != null) {
                    assertThat(json(value)).isEqualTo(expected);
                    made++;
                }
            }
            assertThat(made).as("generated %s documents", document.getSimpleName()).isGreaterThan(100);
            written += made;
        }
        assertThat(written).isGreaterThan(1000);
    }

    @Test
    void leaves_out_nulls_only_where_non_null_is_asked_and_keeps_component_order() throws Exception {
        record Inner(@JsonInclude(JsonInclude.Include.NON_NULL) String skipped, String kept) {
        }
        @JsonInclude(JsonInclude.Include.NON_NULL)
        record Outer(String b, String a, Inner inner, List<Inner> list, Map<String, Double> map,
                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notes,
                @JsonInclude(JsonInclude.Include.NON_EMPTY) String empty) {
        }
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("z", 1.5);
        map.put("nan", Double.NaN);
        map.put("none", null);
        Outer outer = new Outer(null, "é\"\n\u0001", new Inner(null, null), List.of(), map, List.of(), "");
        String json = json(outer);
        assertThat(json).isEqualTo(databind(outer));
        assertThat(json).doesNotContain("\"b\"").contains("\"kept\" : null").doesNotContain("skipped")
                .contains("\"list\" : [ ]").contains("\"none\" : null").doesNotContain("notes")
                .doesNotContain("empty");
        assertThat(json.indexOf("\"a\"")).isLessThan(json.indexOf("\"inner\""));
    }

    private static void assertSameJson(Object value) throws Exception {
        assertThat(json(value)).isEqualTo(databind(value));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String json(Object value) {
        StringWriter text = new StringWriter();
        new PrettyJson(value.getClass()).write(value, new PrintWriter(text));
        return text.toString();
    }

    private static String databind(Object value) throws Exception {
        ObjectWriter writer = DATABIND.writerFor(value.getClass());
        return writer.writeValueAsString(value) + System.lineSeparator();
    }

    private static Set<Class<?>> reachableRecords() {
        Set<Class<?>> seen = new LinkedHashSet<>();
        for (Class<?> d : DOCUMENTS) {
            walk(d, seen);
        }
        return seen;
    }

    private static void walk(Type type, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                walk(argument, seen);
            }
            walk(p.getRawType(), seen);
        } else if (type instanceof Class<?> c) {
            if (c.isArray()) {
                walk(c.getComponentType(), seen);
            } else if (c.isRecord() && seen.add(c)) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    walk(rc.getGenericType(), seen);
                }
            } else if (c.isSealed()) {
                for (Class<?> permitted : c.getPermittedSubclasses()) {
                    walk(permitted, seen);
                }
            }
        }
    }

    /** What in record {@code type} RecordJson would write differently from databind, if anything. */
    private static List<String> unsupported(Class<?> type) {
        List<String> problems = new ArrayList<>();
        List<AnnotatedElement> elements = new ArrayList<>(List.of(type.getDeclaredFields()));
        elements.add(type);
        elements.addAll(List.of(type.getDeclaredMethods()));
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            elements.addAll(List.of(c.getParameters()));
        }
        for (AnnotatedElement e : elements) {
            for (Annotation a : e.getAnnotations()) {
                boolean jackson = a.annotationType().getPackageName().startsWith("com.fasterxml");
                boolean handled = a instanceof JsonInclude i
                        && (i.value() == JsonInclude.Include.NON_NULL || i.value() == JsonInclude.Include.NON_EMPTY)
                        && (i.content() == JsonInclude.Include.ALWAYS || i.content() == JsonInclude.Include.USE_DEFAULTS)
                        && i.valueFilter() == Void.class && i.contentFilter() == Void.class;
                if (jackson && !handled) {
                    problems.add(type.getName() + ": " + a + " on " + e);
                }
            }
        }
        Set<String> accessors = new HashSet<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            accessors.add(rc.getName());
            problems.addAll(unsupportedValue(type.getName() + "." + rc.getName(), rc.getGenericType()));
        }
        int getters = 0;
        for (Method m : type.getMethods()) {
            // databind adds getX() and boolean isX() methods of a record as properties of their own,
            // after the components; with two or more, the order would be reflection's
            if (RecordJson.getterProperty(m) != null && !accessors.contains(m.getName())) {
                getters++;
                problems.addAll(unsupportedValue(type.getName() + "." + m.getName() + "()", m.getGenericReturnType()));
            }
            boolean boxedIs = m.getName().startsWith("is") && m.getReturnType() == Boolean.class
                    && m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers());
            if (boxedIs) {
                problems.add(type.getName() + "." + m.getName() + "(): a Boolean is-getter");
            }
        }
        if (getters > 1) {
            problems.add(type.getName() + ": " + getters + " getters beside the components");
        }
        return problems;
    }

    private static List<String> unsupportedValue(String where, Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class || raw == Set.class || raw == java.util.Collection.class) {
                return unsupportedValue(where + "[]", args[0]);
            }
            if (raw == Map.class) {
                List<String> problems = new ArrayList<>();
                if (!(args[0] == String.class || (args[0] instanceof Class<?> k && k.isEnum()))) {
                    problems.add(where + ": map keys of " + args[0]);
                }
                problems.addAll(unsupportedValue(where + "{}", args[1]));
                return problems;
            }
            return List.of(where + ": " + type);
        }
        if (type instanceof Class<?> c) {
            boolean leaf = c.isPrimitive() && c != char.class || c == String.class || c == Boolean.class
                    || c == Integer.class || c == Long.class || c == Double.class || c == Float.class
                    || c == java.math.BigDecimal.class || c == long[].class || c == int[].class || c == double[].class;
            if (leaf || c.isRecord()) {
                return List.of();
            }
            if (c.isEnum()) {
                return enumProblems(where, c);
            }
            if (c.isSealed() && java.util.Arrays.stream(c.getPermittedSubclasses()).allMatch(Class::isRecord)) {
                return List.of();
            }
        }
        return List.of(where + ": " + type);
    }

    private static List<String> enumProblems(String where, Class<?> e) {
        List<String> problems = new ArrayList<>();
        for (var f : e.getDeclaredFields()) {
            for (Annotation a : f.getAnnotations()) {
                if (a.annotationType().getPackageName().startsWith("com.fasterxml")) {
                    problems.add(where + ": " + a + " on " + f);
                }
            }
        }
        for (Method m : e.getDeclaredMethods()) {
            for (Annotation a : m.getAnnotations()) {
                if (a.annotationType().getPackageName().startsWith("com.fasterxml")) {
                    problems.add(where + ": " + a + " on " + m);
                }
            }
        }
        return problems;
    }

    /** Random values of a declared type: nulls, escapes, extreme numbers, empty and longer collections. */
    private static final class Generator {
        private static final String[] STRINGS = {"", "a", "home:feed:v2", "quote\" backslash\\ slash/",
            "line\nbreak\ttab\r", "\u0001\u001f\u007f", "é – ü 漢字 😀", "</script><b>", "  spaced  "};
        private static final double[] DOUBLES = {0.0, -0.0, 1.0, 0.1, 2.5e-7, 1e21, 123456.789, -3.25, Double.NaN,
            Double.POSITIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
        private static final java.math.BigDecimal[] DECIMALS = {new java.math.BigDecimal("1764000000.123456"),
            java.math.BigDecimal.ZERO, new java.math.BigDecimal("1E+3"), new java.math.BigDecimal("-0.000001"),
            java.math.BigDecimal.valueOf(1_764_000_000_123_456L, 6)};
        private static final long[] LONGS = {0, 1, -1, 42, Long.MAX_VALUE, Long.MIN_VALUE, 1_700_000_000_000L};
        private final Random random;

        Generator(Random random) {
            this.random = random;
        }

        /** A value of {@code type}; null when a record's constructor refused what was made. */
        Object value(Type type, Class<?> document, int depth) throws Exception {
            if (type instanceof ParameterizedType p) {
                Class<?> raw = (Class<?>) p.getRawType();
                Type[] args = p.getActualTypeArguments();
                int n = depth > 3 ? 0 : random.nextInt(4);
                if (raw == Map.class) {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        map.put(key(args[0]), nullable(args[1], document, depth + 1));
                    }
                    return map;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(nullable(args[0], document, depth + 1));
                }
                return raw == Set.class ? new LinkedHashSet<>(items) : items;
            }
            Class<?> c = (Class<?>) type;
            if (c == String.class) {
                return STRINGS[random.nextInt(STRINGS.length)];
            }
            if (c == int.class || c == Integer.class) {
                return (int) LONGS[random.nextInt(LONGS.length)];
            }
            if (c == long.class || c == Long.class) {
                return LONGS[random.nextInt(LONGS.length)];
            }
            if (c == double.class || c == Double.class) {
                return DOUBLES[random.nextInt(DOUBLES.length)];
            }
            if (c == float.class || c == Float.class) {
                return (float) DOUBLES[random.nextInt(DOUBLES.length)];
            }
            if (c == java.math.BigDecimal.class) {
                return DECIMALS[random.nextInt(DECIMALS.length)];
            }
            if (c == boolean.class || c == Boolean.class) {
                return random.nextBoolean();
            }
            if (c == long[].class) {
                return random.longs(random.nextInt(4), -5, 1_000_000).toArray();
            }
            if (c == int[].class) {
                return random.ints(random.nextInt(4), -5, 1_000_000).toArray();
            }
            if (c == double[].class) {
                return random.doubles(random.nextInt(4)).toArray();
            }
            if (c.isEnum()) {
                Object[] constants = c.getEnumConstants();
                return constants[random.nextInt(constants.length)];
            }
            if (c.isSealed()) {
                Class<?>[] permitted = c.getPermittedSubclasses();
                return value(permitted[random.nextInt(permitted.length)], document, depth);
            }
            if (c.isRecord()) {
                return record(c, document, depth);
            }
            throw new IllegalArgumentException("cannot generate " + type);
        }

        private Object nullable(Type type, Class<?> document, int depth) throws Exception {
            boolean reference = !(type instanceof Class<?> c && c.isPrimitive());
            return reference && random.nextInt(5) == 0 ? null : value(type, document, depth);
        }

        private Object key(Type type) {
            if (type instanceof Class<?> c && c.isEnum()) {
                Object[] constants = c.getEnumConstants();
                return constants[random.nextInt(constants.length)];
            }
            return STRINGS[random.nextInt(STRINGS.length)] + random.nextInt(3);
        }

        private Object record(Class<?> c, Class<?> document, int depth) throws Exception {
            RecordComponent[] components = c.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            Constructor<?> canonical = c.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            for (int attempt = 0; attempt < 5; attempt++) {
                Object[] args = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    Type t = components[i].getGenericType();
                    args[i] = depth > 5 && !(t instanceof Class<?> k && k.isPrimitive()) ? null
                            : nullable(t, document, depth + 1);
                }
                try {
                    return canonical.newInstance(args);
                } catch (InvocationTargetException e) {
                    // the record checks its arguments: make others
                }
            }
            return null;
        }
    }
}
