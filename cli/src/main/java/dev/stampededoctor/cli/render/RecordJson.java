package dev.stampededoctor.cli.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Writes the tool's documents (records of strings, numbers, booleans, enums, lists, maps and
 * other such records) exactly as Jackson's databind writes them: record components in order, by
 * name; {@code @JsonInclude(NON_NULL)} on a component or on the record leaves its nulls out,
 * {@code NON_EMPTY} its nulls and empty strings, lists and maps too; then, as databind does, a
 * property for each other public {@code getX()} or {@code boolean isX()} method (CacheEvent's
 * {@code alarm}); enums by name; maps in their own order. Databind's set-up, a few hundred
 * classes introspected before the first byte, cost every JSON report about 0.1 s of CPU; the
 * documents need none of it. {@code RecordJsonTest} holds the two to the same bytes on every document type, and fails
 * on a type or annotation this does not handle.
 */
final class RecordJson {
    /** The components of each record type, read once. */
    private static final ClassValue<Property[]> PROPERTIES = new ClassValue<>() {
        @Override
        protected Property[] computeValue(Class<?> type) {
            return properties(type);
        }
    };

    private RecordJson() {
    }

    /** What a component's {@code @JsonInclude} leaves out. */
    private enum Omit {
        NOTHING, NULL, EMPTY;

        static Omit of(JsonInclude include) {
            if (include == null) {
                return null;
            }
            return switch (include.value()) {
                case NON_NULL -> NULL;
                case NON_EMPTY -> EMPTY;
                case ALWAYS, USE_DEFAULTS -> NOTHING;
                default -> throw new IllegalArgumentException("@JsonInclude(" + include.value() + ") is not handled");
            };
        }

        boolean omits(Object value) {
            return switch (this) {
                case NOTHING -> false;
                case NULL -> value == null;
                case EMPTY -> value == null || value instanceof String s && s.isEmpty()
                        || value instanceof java.util.Collection<?> c && c.isEmpty()
                        || value instanceof Map<?, ?> m && m.isEmpty();
            };
        }
    }

    /** One record component: its JSON name, its accessor, which values are left out. */
    private record Property(String name, Method accessor, Omit omit) {
    }

    /**
     * Reads the components of {@code root} and of every record type its components name (through
     * lists, maps, arrays), as {@link #write} will: called on the thread that prepares a renderer
     * while the analysis runs, it takes that reflection (and the annotations it parses) off the
     * main thread, half of a short report's writing time.
     */
    static void prepare(Class<? extends Record> root) {
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<java.lang.reflect.Type> todo = new java.util.ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            java.lang.reflect.Type t = todo.poll();
            if (t instanceof java.lang.reflect.ParameterizedType p) {
                todo.addAll(java.util.List.of(p.getActualTypeArguments()));
            } else if (t instanceof java.lang.reflect.GenericArrayType a) {
                todo.add(a.getGenericComponentType());
            } else if (t instanceof Class<?> c && c.isArray()) {
                todo.add(c.getComponentType());
            } else if (t instanceof Class<?> c && c.isRecord() && seen.add(c)) {
                PROPERTIES.get(c);
                for (RecordComponent component : c.getRecordComponents()) {
                    todo.add(component.getGenericType());
                }
            }
        }
    }

    static void write(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Number n) {
            number(out, n);
        } else if (value instanceof Enum<?> e) {
            out.writeString(e.name());
        } else if (value instanceof Record r) {
            record(out, r);
        } else if (value instanceof Iterable<?> items) {
            out.writeStartArray();
            for (Object item : items) {
                write(out, item);
            }
            out.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            map(out, map);
        } else if (value instanceof long[] longs) {
            out.writeArray(longs, 0, longs.length);
        } else if (value instanceof int[] ints) {
            out.writeArray(ints, 0, ints.length);
        } else if (value instanceof double[] doubles) {
            out.writeArray(doubles, 0, doubles.length);
        } else if (value instanceof Object[] items) {
            out.writeStartArray();
            for (Object item : items) {
                write(out, item);
            }
            out.writeEndArray();
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void number(JsonGenerator out, Number n) throws IOException {
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            out.writeNumber(n.intValue());
        } else if (n instanceof Long l) {
            out.writeNumber(l);
        } else if (n instanceof Double d) {
            out.writeNumber(d);
        } else if (n instanceof Float f) {
            out.writeNumber(f);
        } else if (n instanceof BigDecimal d) {
            out.writeNumber(d);
        } else if (n instanceof BigInteger i) {
            out.writeNumber(i);
        } else {
            throw new IllegalArgumentException("no JSON form for " + n.getClass().getName());
        }
    }

    private static void record(JsonGenerator out, Record r) throws IOException {
        out.writeStartObject();
        for (Property p : PROPERTIES.get(r.getClass())) {
            Object value;
            try {
                value = p.accessor.invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("could not read " + r.getClass().getName() + "." + p.name, e);
            }
            if (p.omit.omits(value)) {
                continue;
            }
            out.writeFieldName(p.name);
            write(out, value);
        }
        out.writeEndObject();
    }

    private static void map(JsonGenerator out, Map<?, ?> map) throws IOException {
        out.writeStartObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object key = e.getKey();
            out.writeFieldName(key instanceof Enum<?> en ? en.name() : String.valueOf(key));
            write(out, e.getValue());
        }
        out.writeEndObject();
    }

    private static Property[] properties(Class<?> type) {
        Omit recordOmits = Omit.of(type.getAnnotation(JsonInclude.class));
        RecordComponent[] components = type.getRecordComponents();
        Property[] properties = new Property[components.length];
        for (int i = 0; i < components.length; i++) {
            Method accessor = components[i].getAccessor();
            // A public record nested in a package-private class (or the other way round) is not
            // reachable by reflection from here without this.
            accessor.setAccessible(true);
            Omit own = Omit.of(accessor.getAnnotation(JsonInclude.class));
            properties[i] = new Property(components[i].getName(), accessor,
                    own != null ? own : recordOmits != null ? recordOmits : Omit.NOTHING);
        }
        java.util.List<Property> all = new java.util.ArrayList<>(java.util.List.of(properties));
        for (Method m : type.getMethods()) {
            String name = getterProperty(m);
            if (name != null && all.stream().noneMatch(p -> p.accessor.getName().equals(m.getName()))) {
                m.setAccessible(true);
                all.add(new Property(name, m, recordOmits != null ? recordOmits : Omit.NOTHING));
            }
        }
        return all.toArray(Property[]::new);
    }

    /**
     * The property databind makes of a bean getter beside the components ({@code isAlarm()} gives
     * {@code alarm}, the leading capitals lowered), or null when {@code m} is none.
     */
    static String getterProperty(Method m) {
        if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0 || m.isSynthetic()
                || m.getDeclaringClass() == Object.class || m.getDeclaringClass() == Record.class) {
            return null;
        }
        String n = m.getName();
        String base;
        if (n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class) {
            base = n.substring(3);
        } else if (n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class) {
            base = n.substring(2);
        } else {
            return null;
        }
        StringBuilder name = new StringBuilder(base);
        for (int i = 0; i < name.length() && Character.isUpperCase(name.charAt(i)); i++) {
            name.setCharAt(i, Character.toLowerCase(name.charAt(i)));
        }
        return name.toString();
    }
}
