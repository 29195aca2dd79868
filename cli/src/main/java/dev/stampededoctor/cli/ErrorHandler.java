package dev.stampededoctor.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns every failure into one line on stderr and the right exit code. The stack trace is shown
 * only with {@code --verbose}: an on-call engineer needs the reason, not the frames.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        // One line, like every other error: scripts that log stderr keep the hint with the cause.
        if (bareRedisHost(ex)) {
            // Where -h is the Redis host (as in redis-cli), a bare -h is most likely a request for help.
            err.println("stampede-doctor: -h is the Redis host here, as in redis-cli (-h HOST); for help: "
                    + cmd.getCommandSpec().qualifiedName() + " --help");
        } else {
            err.println("stampede-doctor: " + ex.getMessage() + " (try '" + cmd.getCommandSpec().qualifiedName()
                    + " --help')");
        }
        err.flush();
        return ExitCode.USAGE;
    }

    /** Whether {@code ex} is {@code -h} without its HOST, on a command where -h takes one. */
    private static boolean bareRedisHost(CommandLine.ParameterException ex) {
        return ex instanceof CommandLine.MissingParameterException m && m.getMissing() != null
                && m.getMissing().stream().anyMatch(a -> a instanceof CommandLine.Model.OptionSpec o
                        && java.util.Arrays.asList(o.names()).contains("-h") && o.arity().min() > 0);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = GlobalOptions.isVerbose(cmd);
        int code;
        String message;
        if (ex instanceof UsageException) {
            code = ExitCode.USAGE;
            message = ex.getMessage();
        } else if (ex instanceof ConnectionException) {
            code = ExitCode.CONNECTION;
            message = ex.getMessage();
        } else if (ex instanceof UncheckedIOException || ex instanceof java.io.IOException) {
            code = ExitCode.USAGE;
            message = "could not read input: " + describe(ex instanceof UncheckedIOException u ? u.getCause() : ex);
        } else {
            code = ExitCode.USAGE;
            message = "unexpected error: " + describe(ex) + (verbose ? "" : " (run with --verbose for details)");
        }
        err.println("stampede-doctor: " + message);
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
