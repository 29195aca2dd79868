package dev.stampededoctor.cli.redis;

import java.util.List;
import java.util.Locale;

/** Why tcpdump did not start, from what it said on stderr, as one line that names the fix. */
final class TcpdumpStartFailure {
    private TcpdumpStartFailure() {
    }

    /** {@code messages}: tcpdump's stderr lines; {@code iface}: the interface it was asked for. */
    static String describe(List<String> messages, String iface) {
        String said = "no message";
        for (String m : messages) {
            if (!m.isBlank()) {
                said = m.strip(); // the last one says why
            }
        }
        if (said.startsWith("(") && said.endsWith(")")) {
            said = said.substring(1, said.length() - 1);
        }
        String lower = said.toLowerCase(Locale.ROOT);
        if (lower.contains("permission") || lower.contains("operation not permitted")) {
            return "tcpdump may not capture here (" + said + "): run as root, or give it the capture right:"
                    + " setcap cap_net_raw,cap_net_admin=eip $(command -v tcpdump)";
        }
        if (lower.contains("syntax error") || lower.contains("can't parse filter") || lower.contains("expression")) {
            return "tcpdump refused the capture filter (" + said + "): check --tcpdump";
        }
        if (lower.contains("no such device") || lower.contains("doesn't exist")) {
            return "tcpdump has no interface " + iface + " (" + said + "): check --interface (tcpdump -D lists them)";
        }
        return "tcpdump did not start (" + said + ")";
    }
}
