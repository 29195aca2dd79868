package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates and starts a throw-away PostgreSQL cluster from a directory holding initdb, pg_ctl and
 * postgres: trust authentication on 127.0.0.1 only, no fsync (test data need not survive a
 * crash), the socket inside the data dir so nothing is written to /var/run. Stopped with
 * {@code pg_ctl stop -m immediate} and deleted on close. Runs as the postgres OS user when the
 * JVM is root (see {@link PostgresOsUser}).
 */
public final class PostgresProcess {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+(?:\\.\\d+)?)");
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);
    private static final int START_WAIT_SECONDS = 30;
    private static final int STOP_WAIT_SECONDS = 20;

    private PostgresProcess() {
    }

    /** {@code 15.19} from {@code postgres --version}, or null when the binary does not run. */
    public static String version(Path binDir) {
        String out = ChildProcesses.output(List.of(binDir.resolve("postgres").toString(), "--version"),
                Duration.ofSeconds(10));
        if (out == null) {
            return null;
        }
        Matcher m = VERSION.matcher(out);
        return m.find() ? m.group(1) : null;
    }

    /** True when {@code binDir} holds the three programs we run. */
    static boolean complete(Path binDir) {
        return RedisProcess.executable(binDir.resolve("initdb"))
                && RedisProcess.executable(binDir.resolve("pg_ctl"))
                && RedisProcess.executable(binDir.resolve("postgres"));
    }

    /**
     * Runs initdb and starts the server, waiting until it accepts connections.
     *
     * @param what how the description names the binaries, e.g. "local binaries /usr/lib/postgresql/15/bin"
     */
    public static StartedServer<PostgresServerHandle> start(Path binDir, ServerOrigin origin, String what)
            throws IOException {
        String version = version(binDir);
        if (version == null) {
            throw new IOException(binDir.resolve("postgres") + " --version failed: the binaries do not run on this machine");
        }
        Path base = TempDirs.createShared("stampede-pg-");
        try {
            PostgresOsUser user = PostgresOsUser.detect(base);
            Path data = base.resolve("data");
            Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            user.own(data);
            Path serverLog = base.resolve("postgres.log");
            Files.createFile(serverLog);
            user.own(serverLog);

            ChildProcesses.run(user.wrap(List.of(binDir.resolve("initdb").toString(),
                    "-D", data.toString(),
                    "-A", "trust",
                    "-U", "postgres",
                    "--no-sync",
                    "-E", "UTF8",
                    "--locale=C")), base, base.resolve("initdb.log"), INITDB_TIMEOUT);

            IOException last = null;
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                int port = FreePorts.pick(false);
                long logStart = Files.size(serverLog);
                try {
                    ChildProcesses.run(user.wrap(List.of(binDir.resolve("pg_ctl").toString(),
                            "-D", data.toString(),
                            "-l", serverLog.toString(),
                            "-w", "-t", Integer.toString(START_WAIT_SECONDS),
                            "-o", "-c listen_addresses=127.0.0.1 -p " + port
                                    + " -c unix_socket_directories='" + data + "' -c fsync=off",
                            "start")), base, base.resolve("pg_ctl.log"), Duration.ofSeconds(START_WAIT_SECONDS + 30));
                } catch (IOException e) {
                    String serverOutput = readFrom(serverLog, logStart);
                    last = new IOException(e.getMessage() + "\nserver log " + serverLog + ":\n" + serverOutput, e);
                    stop(binDir, data, user, base);
                    if (serverOutput.contains("Address already in use")) {
                        continue; // the port was taken between pick and bind: try another
                    }
                    throw last;
                }
                String description = what + " " + version
                        + (user.switchesUser() ? ", run as OS user postgres via runuser" : "");
                PostgresServerHandle handle = new PostgresServerHandle("127.0.0.1", port, "postgres", "postgres", "",
                        version, origin, description);
                return new StartedServer<>(handle, () -> stop(binDir, data, user, base))
                        .andThen(() -> TempDirs.deleteRecursively(base));
            }
            throw last;
        } catch (IOException | RuntimeException e) {
            TempDirs.deleteRecursively(base);
            throw e;
        }
    }

    /**
     * {@code pg_ctl stop -m immediate}; if that fails, kills the postmaster named in
     * {@code postmaster.pid} so no server outlives the test run.
     */
    private static void stop(Path binDir, Path data, PostgresOsUser user, Path base) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            ChildProcesses.run(user.wrap(List.of(binDir.resolve("pg_ctl").toString(),
                    "-D", data.toString(), "-m", "immediate", "-w", "-t", Integer.toString(STOP_WAIT_SECONDS), "stop")),
                    base, base.resolve("pg_ctl.log"), Duration.ofSeconds(STOP_WAIT_SECONDS + 10));
        } catch (IOException e) {
            if (Files.exists(pidFile)) {
                String first = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("");
                try {
                    ProcessHandle.of(Long.parseLong(first.trim())).ifPresent(ProcessHandle::destroyForcibly);
                } catch (NumberFormatException notAPid) {
                    // nothing we can identify to kill
                }
            }
            throw e;
        }
    }

    private static String readFrom(Path log, long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(offset, all.length);
            String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
            return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
