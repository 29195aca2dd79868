package dev.stampededoctor.cli.command;

import picocli.CommandLine.Option;

/**
 * picocli's standard help options without {@code -h}, for the commands with {@link RedisOptions}:
 * there {@code -h} is the Redis host, as in redis-cli, and help is {@code --help}. A bare
 * {@code -h} gets a one-line hint (see the error handler), not a usage dump.
 */
public final class HelpOptions {
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;
}
