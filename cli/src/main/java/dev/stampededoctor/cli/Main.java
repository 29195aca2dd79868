package dev.stampededoctor.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Entry point. {@link #run} is what tests call; only {@link #main} exits the JVM.
 *
 * <pre>{@code
 * int code = Main.run(out, err, "analyze", "capture.log");
 * }</pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // picocli's default factory otherwise looks for Groovy's Closure class in every jar of the
        // class path, and fails, before the first command is made: about 5 ms of each start.
        System.setProperty("picocli.disable.closures", "true");
        String training = System.getProperty("stampede-doctor.class-data-training");
        if (training != null) {
            // The build's class-data archive run (dist/pom.xml): every command's path, in one JVM.
            ClassDataTraining.run(java.nio.file.Path.of(training));
            System.exit(0);
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(out, err, args);
        out.flush();
        if ((out.checkError() | System.out.checkError()) && !stdoutIsPipe()) {
            // A full disk or /dev/full: the report is lost, which exit 0 or 1 would hide. A pipe whose
            // reader left (`| head`) ends it quietly, as other tools do.
            err.println("stampede-doctor: could not write to stdout (a full disk?)");
            code = ExitCode.USAGE;
        }
        err.flush();
        System.exit(code);
    }

    private static boolean stdoutIsPipe() {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1")).toString()
                    .startsWith("pipe:");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false; // no /proc: say it
        }
    }

    /** Runs the tool with the given streams and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, null, null, args);
    }

    /**
     * Runs the tool as if in environment {@code env} ({@code COLUMNS}, the locale, {@code NO_COLOR})
     * with stdout a terminal or not: what tests of text output call.
     */
    public static int run(PrintWriter out, PrintWriter err, java.util.Map<String, String> env, boolean stdoutIsTerminal,
            String... args) {
        return run(out, err, env, Boolean.valueOf(stdoutIsTerminal), args);
    }

    private static int run(PrintWriter out, PrintWriter err, java.util.Map<String, String> env, Boolean stdoutIsTerminal,
            String... args) {
        try {
            String command = commandNamed(args);
            if (command != null && !command.equals(NO_COMMAND) && !command.equals("completion")) {
                FormatterWarmUp.begin();
            }
            CommandLine cmd = commandLine(out, err, command);
            StampedeDoctorCommand root = cmd.getCommand();
            root.env = env;
            root.stdoutIsTerminal = stdoutIsTerminal;
            return cmd.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only Exceptions to the error handler; an input too big for the heap
            // still gets one line, not a stack trace, and is not mistaken for "found" (exit 1).
            err.println("stampede-doctor: out of memory (heap " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB): give the JVM more with JAVA_OPTS=-Xmx…, or lower --max-keys or --max-line-bytes");
            err.flush();
            return ExitCode.USAGE;
        }
    }

    /** The configured command tree; also the model completions and man pages are built from. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, null);
    }

    /**
     * The first argument that names a command ({@code analyze}, {@code scan}…), or null (root help,
     * an unknown command, options only): then the whole tree is built; {@code ""} for a lone
     * {@code --version}.
     */
    static String commandNamed(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return NO_COMMAND; // the version needs no command's model
        }
        for (String a : args) {
            if (StampedeDoctorCommand.COMMANDS.containsKey(a)) {
                return a;
            }
            if (!a.startsWith("-")) {
                return null; // a word that is no command: picocli's own error, with the whole list
            }
        }
        return null;
    }

    /** The types whose built-in picocli converters are not registered (a regex, as picocli.converters.excludes takes). */
    static final String CONVERTERS_NOT_NEEDED = "java\\.(sql|time)\\..*";

    /** What {@link #commandNamed} answers for {@code --version}: the root alone, no command under it. */
    private static final String NO_COMMAND = "";

    /** The tree with only command {@code only} under the root (null: every command; "": none). */
    private static CommandLine commandLine(PrintWriter out, PrintWriter err, String only) {
        // Each CommandLine (the root and the command under it) otherwise registers converters for
        // java.sql's and java.time's types by reflection (Class.forName, getDeclaredMethod), in the
        // interpreter: about 5 ms of analyze's start. No option of ours takes such a type without
        // a converter of its own (DurationConverter); OptionTypesTest holds every option to that.
        System.setProperty("picocli.converters.excludes", CONVERTERS_NOT_NEEDED);
        ErrorHandler errors = new ErrorHandler();
        CommandLine root = new CommandLine(new StampedeDoctorCommand());
        for (var command : StampedeDoctorCommand.COMMANDS.entrySet()) {
            if (only == null || only.equals(command.getKey())) {
                root.addSubcommand(command.getKey(), command.getValue());
            }
        }
        root.setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
        listExitCodes(root);
        return root;
    }

    /** Each command's exit codes in its help (the tool's general list at the top). */
    private static void listExitCodes(CommandLine cmd) {
        CommandLine.Model.UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
        if (usage.exitCodeList().isEmpty()) {
            usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(cmd.getParent() == null ? ExitCode.helpList()
                    : ExitCode.helpList(cmd.getCommandName()));
        }
        cmd.getSubcommands().values().forEach(Main::listExitCodes);
    }
}
