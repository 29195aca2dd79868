package dev.stampededoctor.cli.input;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node a capture file was recorded on, from its name: {@code scan --save DIR} on several
 * nodes writes {@code DIR/monitor-<host>_<port>.log} (plain or {@code .gz}), one file per node.
 */
public final class NodeNames {
    private static final Pattern MONITOR_FILE = Pattern.compile("monitor-(.+)_(\\d{1,5})\\.log(\\.gz)?");

    private NodeNames() {
    }

    /** {@code host:port} ({@code [v6]:port}) for a file named {@code monitor-HOST_PORT.log[.gz]}; else null. */
    public static String fromFileName(String file) {
        Path name = Path.of(file).getFileName();
        if (name == null) {
            return null;
        }
        Matcher m = MONITOR_FILE.matcher(name.toString());
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            return null;
        }
        String host = m.group(1);
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return host + ":" + m.group(2);
    }

    /** The file name {@code scan --save} gives a node's capture: {@code monitor-HOST_PORT.log} (IPv6 without brackets). */
    public static String fileNameOf(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return "monitor-" + bare + "_" + port + ".log";
    }
}
