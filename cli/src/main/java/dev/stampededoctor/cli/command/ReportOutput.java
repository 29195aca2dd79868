package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code --output FILE}, shared by every command that prints a report: the report goes to FILE
 * instead of stdout (an HTML page for the postmortem, say), and without {@code --format} its
 * extension says the format.
 */
public final class ReportOutput {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE (replaced if it exists) instead of stdout. Without --format,"
                    + " the format follows its extension: .html, .md, .json, .csv (ttl-audit), .prom (openmetrics), .txt.")
    Path file;

    /**
     * The format FILE's extension names ({@code html}, {@code markdown}, {@code json}, {@code csv},
     * {@code text}), or null without FILE or for another extension.
     */
    public String formatByExtension() {
        return file == null ? null : formatOf(file);
    }

    /** The format {@code file}'s extension names, as for --output; null for another extension. */
    static String formatOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return switch (dot < 0 ? "" : name.substring(dot + 1)) {
            case "html", "htm" -> "html";
            case "prom", "om" -> "openmetrics";
            case "md", "markdown" -> "markdown";
            case "json" -> "json";
            case "csv" -> "csv";
            case "txt", "text" -> "text";
            default -> null;
        };
    }

    /**
     * Fails before any work when FILE cannot be written (no such directory, a directory, read-only):
     * a scan should not run for minutes to lose its report at the end.
     */
    public void checkWritable() {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new UsageException("--output " + file + " is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("--output " + file + ": no such directory " + dir);
        }
        if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(dir)) {
            throw new UsageException("--output " + file + " cannot be written (permission denied)");
        }
    }

    /** Writes the report with {@code write}: to FILE when given, else to {@code stdout}. */
    public void write(PrintWriter stdout, Consumer<PrintWriter> write) {
        if (file == null) {
            write.accept(stdout);
            stdout.flush();
            return;
        }
        try {
            Path target = target(file);
            if (Files.exists(target) && !Files.isRegularFile(target)) {
                // A device or a FIFO (-o /dev/stdout, a pipe a collector reads): written into, never
                // replaced, since a rename would put a plain file where it was.
                try (PrintWriter out = writer(Files.newOutputStream(target))) {
                    writeChecked(write, out);
                }
                return;
            }
            replace(target, write);
        } catch (IOException e) {
            throw new UsageException("could not write --output " + file + ": " + e.getMessage(), e);
        }
    }

    /** What FILE names: a symbolic link's target (the link stays), else FILE. */
    private static Path target(Path file) throws IOException {
        if (!Files.isSymbolicLink(file)) {
            return file;
        }
        if (Files.exists(file)) {
            return file.toRealPath();
        }
        Path link = Files.readSymbolicLink(file); // dangling: the file it names is made
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? link : parent.resolve(link);
    }

    /**
     * Written beside {@code target} and renamed over it: a reader (node_exporter's textfile
     * collector, a browser) never sees half a report, and a failed write leaves the old one. The new
     * file keeps the old one's permissions; a first one gets the umask's, as any other tool's would.
     */
    private static void replace(Path target, Consumer<PrintWriter> write) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(
                new java.security.SecureRandom().nextLong(), 36) + ".tmp");
        try {
            try (PrintWriter out = writer(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE))) {
                writeChecked(write, out);
            }
            if (Files.exists(target)) {
                try {
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: its defaults
                }
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // nothing more to do about a temporary file
            }
        }
    }

    private static PrintWriter writer(java.io.OutputStream out) {
        return new PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    private static void writeChecked(Consumer<PrintWriter> write, PrintWriter out) throws IOException {
        write.accept(out);
        out.flush();
        if (out.checkError()) {
            throw new IOException("write failed");
        }
    }
}
