package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a redis-server binary as a child process: loopback only (and {@code ::1} when the
 * loopback has IPv6, so tests can see IPv6 sources in MONITOR), a unix socket, no persistence,
 * everything in a fresh temp dir that is deleted on close.
 */
public final class RedisProcess {
    private static final Pattern VERSION = Pattern.compile("v=(\\d+\\.\\d+\\.\\d+)");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 3;

    private RedisProcess() {
    }

    /** {@code x.y.z} from {@code redis-server --version}, or null when the binary does not run. */
    public static String version(Path binary) {
        String out = ChildProcesses.output(List.of(binary.toString(), "--version"), Duration.ofSeconds(10));
        if (out == null) {
            return null;
        }
        Matcher m = VERSION.matcher(out);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Starts {@code binary} and waits until it answers PING.
     *
     * @param what how the description names the binary, e.g. "local binary /usr/bin/redis-server"
     */
    public static StartedServer<RedisServerHandle> start(Path binary, ServerOrigin origin, String what)
            throws IOException {
        return start(binary, origin, what, List.of());
    }

    /** As {@link #start(Path, ServerOrigin, String)}, with more server options ({@code --rename-command MONITOR ""}). */
    public static StartedServer<RedisServerHandle> start(Path binary, ServerOrigin origin, String what,
            List<String> extraOptions) throws IOException {
        return start(binary, requireVersion(binary), origin, what, (standard, port, dir) -> {
            standard.addAll(extraOptions);
            return standard;
        });
    }

    /**
     * What a caller may change about a start: cluster nodes need a second free port (the bus, port +
     * 10000) and more options, a sentinel needs its config file right after the binary. Everything
     * else (temp dir, log, retry on a taken port, waiting for our own PONG, cleanup) stays here.
     */
    interface Launch {
        /** A port that was free a moment ago. */
        default int pickPort(boolean ipv6) throws IOException {
            return FreePorts.pick(ipv6);
        }

        /** The command line to run, given the standard one (mutable, binary first); may write files into {@code dir}. */
        List<String> command(List<String> standard, int port, Path dir) throws IOException;
    }

    /** {@code binary}'s version, or an IOException saying it does not run here. */
    static String requireVersion(Path binary) throws IOException {
        String version = version(binary);
        if (version == null) {
            throw new IOException(binary + " --version failed: the binary does not run on this machine");
        }
        return version;
    }

    /** Starts one server of a known {@code version} as {@code launch} says, and waits until it answers PING. */
    static StartedServer<RedisServerHandle> start(Path binary, String version, ServerOrigin origin, String what,
            Launch launch) throws IOException {
        boolean ipv6 = FreePorts.ipv6LoopbackAvailable();
        Path dir = TempDirs.create("stampede-redis-");
        try {
            IOException last = null;
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                int port = launch.pickPort(ipv6);
                Path log = dir.resolve("redis-" + port + ".log");
                Path socket = dir.resolve("redis.sock");
                List<String> command = launch.command(command(binary, version, port, ipv6, dir, socket), port, dir);
                Process process = ChildProcesses.start(command, dir, log);
                try {
                    awaitPing(process, port, log);
                } catch (IOException e) {
                    ChildProcesses.stop(process, Duration.ofSeconds(5));
                    last = e;
                    if (e instanceof PortTaken || ChildProcesses.tail(log).contains("Address already in use")) {
                        continue; // someone took the port between pick and bind: try another
                    }
                    throw e;
                }
                RedisServerHandle handle = new RedisServerHandle("127.0.0.1", port, 0, socket, ipv6, version, origin,
                        what + " " + version);
                return new StartedServer<>(handle, () -> ChildProcesses.stop(process, Duration.ofSeconds(5)))
                        .andThen(() -> TempDirs.deleteRecursively(dir));
            }
            throw last;
        } catch (IOException | RuntimeException e) {
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }

    /**
     * Starts {@code binary} listening on a unix socket only ({@code --port 0}: no TCP at all, so a
     * test that reaches it went through the socket) and waits until it answers PING there. The
     * handle's port is 0; {@link RedisServerHandle#unixSocket()} is the way in.
     */
    public static StartedServer<RedisServerHandle> startOnUnixSocketOnly(Path binary, List<String> extraOptions)
            throws IOException {
        String version = version(binary);
        if (version == null) {
            throw new IOException(binary + " --version failed: the binary does not run on this machine");
        }
        Path dir = TempDirs.create("stampede-redis-unix-");
        try {
            Path log = dir.resolve("redis.log");
            Path socket = dir.resolve("redis.sock");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", "0", "--save", "",
                    "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(),
                    "--unixsocket", socket.toString(), "--unixsocketperm", "700"));
            command.addAll(extraOptions);
            Process process = ChildProcesses.start(command, dir, log);
            try {
                awaitSocket(process, socket, log);
            } catch (IOException | RuntimeException e) {
                ChildProcesses.stop(process, Duration.ofSeconds(5));
                throw e;
            }
            RedisServerHandle handle = new RedisServerHandle("127.0.0.1", 0, 0, socket, false, version,
                    ServerOrigin.LOCAL, "local binary " + binary + " " + version + " on " + socket + " only");
            return new StartedServer<>(handle, () -> ChildProcesses.stop(process, Duration.ofSeconds(5)))
                    .andThen(() -> TempDirs.deleteRecursively(dir));
        } catch (IOException | RuntimeException e) {
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }

    /** Polls the socket every 50 ms until the server answers (PING, or NOAUTH with requirepass). */
    private static void awaitSocket(Process process, Path socket, Path log) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String lastError = "no attempt";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " before answering on "
                        + socket + "; log " + log + ":\n" + ChildProcesses.tail(log));
            }
            if (Files.exists(socket)) {
                try (RespClient client = RespClient.unix(socket)) {
                    Object reply = client.call("PING");
                    if ("PONG".equals(reply) || reply instanceof RespClient.Error e && e.message().startsWith("NOAUTH")) {
                        return;
                    }
                    lastError = "PING answered " + RespClient.describe(reply);
                } catch (IOException e) {
                    lastError = e.toString();
                }
            }
            sleep(50);
        }
        throw new IOException("redis-server did not answer on " + socket + " within " + READY_TIMEOUT + " (last: "
                + lastError + "); log " + log + ":\n" + ChildProcesses.tail(log));
    }

    private static List<String> command(Path binary, String version, int port, boolean ipv6, Path dir, Path socket) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1"));
        if (ipv6) {
            cmd.add("::1");
        }
        cmd.addAll(List.of(
                // Still listening on loopback only; without protected mode it also accepts clients from
                // 127.0.0.21 and the like (the drill's shared-connection "processes", one host each).
                "--protected-mode", "no",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--dir", dir.toString(),
                "--unixsocket", socket.toString(),
                "--unixsocketperm", "700"));
        if (major(version) >= 7) {
            // 7.0 blocks DEBUG by default; 6.2 does not know the option and refuses to start with it.
            cmd.addAll(List.of("--enable-debug-command", "yes"));
        }
        return cmd;
    }

    static int major(String version) {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    /** Polls PING every 50 ms, up to {@link #READY_TIMEOUT}; fails at once when the process dies. */
    private static void awaitPing(Process process, int port, Path log) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String lastError = "no attempt";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " before answering PING; log "
                        + log + ":\n" + ChildProcesses.tail(log));
            }
            try (RespClient client = RespClient.tcp("127.0.0.1", port, Duration.ofSeconds(1))) {
                Object reply = client.call("PING");
                if ("PONG".equals(reply)) {
                    // A PONG proves only that some server is there: make sure it is our process,
                    // not another one that took the port between pick and bind.
                    String info = client.callForText("INFO", "server");
                    if (!info.contains("process_id:" + process.pid() + "\r\n")) {
                        throw new PortTaken("127.0.0.1:" + port + " is answered by another Redis server");
                    }
                    return;
                }
                lastError = "PING answered " + RespClient.describe(reply);
            } catch (PortTaken e) {
                throw e;
            } catch (IOException e) {
                lastError = e.toString();
            }
            sleep(50);
        }
        throw new IOException("redis-server did not answer PING on 127.0.0.1:" + port + " within " + READY_TIMEOUT
                + " (last: " + lastError + "); log " + log + ":\n" + ChildProcesses.tail(log));
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for redis-server", e);
        }
    }

    /** Another server answered on the port we picked. */
    private static final class PortTaken extends IOException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }

    /** True when {@code path} is a regular executable file. */
    static boolean executable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
