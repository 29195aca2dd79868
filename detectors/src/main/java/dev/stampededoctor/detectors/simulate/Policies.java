package dev.stampededoctor.detectors.simulate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry of policies: their names, defaults, and how {@code NAME[=PARAMS]} is read. PARAMS
 * is the policy's one parameter, bare or named: {@code jitter=10%} or {@code jitter=spread=10%},
 * {@code xfetch=2} or {@code xfetch=beta=2}, {@code stale-while-revalidate=30s} or {@code =50%}.
 */
public final class Policies {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?)(us|ms|s|m|h)");

    private record Entry(String name, String parameter, Function<String, CachePolicy> parse) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("as-is", null, p -> AsIs.INSTANCE),
            new Entry("jitter", "spread", p -> new TtlJitter(p == null ? TtlJitter.DEFAULT_SPREAD_PERCENT : percent("jitter", p))),
            new Entry("write-through", null, p -> new WriteThrough()),
            new Entry("lock", null, p -> new RebuildLock()),
            new Entry("xfetch", "beta", p -> new XFetch(p == null ? XFetch.DEFAULT_BETA : number("xfetch: beta '" + p + "'", p))),
            new Entry("stale-while-revalidate", "stale", Policies::staleWhileRevalidate));

    private Policies() {
    }

    /** Every policy's name, in the order reports list them. */
    public static List<String> names() {
        return ENTRIES.stream().map(Entry::name).toList();
    }

    /** Every policy with its default parameters. */
    public static List<CachePolicy> all() {
        List<CachePolicy> out = new ArrayList<>();
        for (Entry e : ENTRIES) {
            out.add(e.parse().apply(null));
        }
        return out;
    }

    /**
     * Reads {@code NAME[=PARAMS]}.
     *
     * @throws IllegalArgumentException naming what is wrong, for the user
     */
    public static CachePolicy parse(String spec) {
        int eq = spec.indexOf('=');
        String name = (eq < 0 ? spec : spec.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
        String params = eq < 0 ? null : spec.substring(eq + 1).strip();
        for (Entry e : ENTRIES) {
            if (!e.name().equals(name)) {
                continue;
            }
            if (params != null && e.parameter() == null) {
                throw new IllegalArgumentException(name + " takes no parameters (got '" + params + "')");
            }
            if (params != null && params.startsWith(e.parameter() + "=")) {
                params = params.substring(e.parameter().length() + 1).strip();
            }
            if (params != null && params.isEmpty()) {
                throw new IllegalArgumentException(name + ": '" + spec + "' has an empty parameter");
            }
            return e.parse().apply(params);
        }
        throw new IllegalArgumentException("unknown policy '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    private static CachePolicy staleWhileRevalidate(String p) {
        if (p == null) {
            return StaleWhileRevalidate.ofPercent(StaleWhileRevalidate.DEFAULT_WINDOW_PERCENT);
        }
        if (p.endsWith("%")) {
            return StaleWhileRevalidate.ofPercent(percent("stale-while-revalidate", p));
        }
        Matcher m = DURATION.matcher(p);
        if (!m.matches()) {
            throw new IllegalArgumentException("stale-while-revalidate: '" + p
                    + "' is not a window (write e.g. 30s, 500ms or 100% of the TTL)");
        }
        double n = Double.parseDouble(m.group(1));
        double unit = switch (m.group(2)) {
            case "us" -> 1;
            case "ms" -> 1e3;
            case "s" -> 1e6;
            case "m" -> 60e6;
            default -> 3600e6;
        };
        return StaleWhileRevalidate.ofMicros(Math.round(n * unit));
    }

    private static double percent(String policy, String p) {
        String v = p.endsWith("%") ? p.substring(0, p.length() - 1).strip() : p;
        return number(policy + ": '" + p + "'", v);
    }

    private static double number(String what, String v) {
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " is not a number");
    }

    /** {@code 10}, {@code 2.5}: a parameter as it was written, without trailing zeros. */
    static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** {@code 30s}, {@code 500ms}, {@code 1.5s}: a window as one would write it back. */
    static String duration(long micros) {
        if (micros % 1000 != 0) {
            return micros + "us";
        }
        long ms = micros / 1000;
        return ms < 1000 ? ms + "ms" : number(ms / 1000.0) + "s";
    }
}
