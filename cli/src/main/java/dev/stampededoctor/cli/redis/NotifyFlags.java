package dev.stampededoctor.cli.redis;

/**
 * The letters of {@code notify-keyspace-events} as sets: what stampede-doctor adds, and whether a
 * value is the one it found plus only letters a stampede-doctor subscription adds.
 */
final class NotifyFlags {
    /** Every letter a subscription of this tool may add: scan's --notifications and the events source. */
    static final String OURS = "Egxem$h";

    /** What Redis writes as A: every class of event but keymiss (m) and new keys (n). */
    private static final String ALL_CLASSES = "g$lshzxetd";

    private NotifyFlags() {
    }

    /** {@code current} with the letters of {@code needed} it lacks added at its end. */
    static String withNeeded(String current, String needed) {
        String have = expanded(current);
        StringBuilder b = new StringBuilder(current);
        for (char c : needed.toCharArray()) {
            if (have.indexOf(c) < 0 && b.indexOf(String.valueOf(c)) < 0) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Whether {@code now} has every letter of {@code original} and, beside them, only letters a
     * subscription of this tool adds: then putting {@code original} back undoes only our change.
     * Redis reorders the letters and writes A once every class is on, so sets are compared.
     */
    static boolean onlyOursAdded(String now, String original) {
        String have = expanded(now);
        String had = expanded(original);
        for (char c : had.toCharArray()) {
            if (have.indexOf(c) < 0) {
                return false;
            }
        }
        for (char c : have.toCharArray()) {
            if (had.indexOf(c) < 0 && OURS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code now} has every letter of {@code applied} (Redis's order, A expanded): nobody took any away. */
    static boolean containsAll(String now, String applied) {
        String have = expanded(now);
        for (char c : expanded(applied).toCharArray()) {
            if (have.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String expanded(String flags) {
        return flags.indexOf('A') < 0 ? flags : flags.replace("A", "") + ALL_CLASSES;
    }
}
