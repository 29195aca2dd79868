package dev.stampededoctor.cli.input;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node a capture file was recorded on, from its name: {@code scan --save DIR} on several
 * nodes writes one file per node, its node's {@code host:port} in the name with {@code :}, {@code [}
 * and {@code ]} made {@code _}: {@code monitor-10.0.0.5_7000.log}, {@code keyspace-events-…log},
 * {@code traffic-…pcap} (any of them may be gzipped: {@code .gz}).
 */
public final class NodeNames {
    private static final Pattern NODE_FILE = Pattern.compile(
            "(?:monitor|keyspace-events|traffic)-(.+)_(\\d{1,5})\\.(?:log|pcap|pcapng)(?:\\.gz)?");

    private NodeNames() {
    }

    /** {@code host:port} ({@code [v6]:port}) for a file named as {@code scan --save} names a node's; else null. */
    public static String fromFileName(String file) {
        Path name = Path.of(file).getFileName();
        if (name == null) {
            return null;
        }
        Matcher m = NODE_FILE.matcher(name.toString());
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            return null;
        }
        String host = m.group(1);
        if (host.length() > 2 && host.startsWith("_") && host.endsWith("_")) {
            // [fe80::1] was written _fe80__1_
            host = "[" + host.substring(1, host.length() - 1).replace('_', ':') + "]";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return host + ":" + m.group(2);
    }

    /** The name {@code scan --save} gives node {@code host}:{@code port}'s MONITOR capture: {@code monitor-HOST_PORT.log}. */
    public static String fileNameOf(String host, int port) {
        return fileNameOf("monitor.log", host + ":" + port);
    }

    /**
     * The name {@code scan --save} gives node {@code node}'s copy of a capture named {@code name} for
     * one server: {@code traffic.pcap} → {@code traffic-HOST_PORT.pcap}.
     */
    public static String fileNameOf(String name, String node) {
        int dot = name.lastIndexOf('.');
        return name.substring(0, dot) + "-" + node.replace(':', '_').replace('/', '_').replace('[', '_').replace(']', '_')
                + name.substring(dot);
    }
}
