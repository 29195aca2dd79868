package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.GeneratedAt;
import dev.stampededoctor.cli.GlobalOptions;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.drill.ClusterPlacement;
import dev.stampededoctor.cli.drill.ConnectionMode;
import dev.stampededoctor.cli.drill.Drill;
import dev.stampededoctor.cli.drill.DrillPlan;
import dev.stampededoctor.cli.drill.DrillReport;
import dev.stampededoctor.cli.drill.DrillResult;
import dev.stampededoctor.cli.drill.DrillSettings;
import dev.stampededoctor.cli.drill.DrillTable;
import dev.stampededoctor.cli.drill.Mitigation;
import dev.stampededoctor.cli.drill.Scenario;
import dev.stampededoctor.cli.postgres.PostgresUrl;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.render.DrillHtml;
import dev.stampededoctor.cli.render.DrillText;
import dev.stampededoctor.cli.render.OutputFormat;
import dev.stampededoctor.cli.render.PrettyJson;
import dev.stampededoctor.cli.terminal.ProgressLine;
import dev.stampededoctor.cli.terminal.Terminals;
import dev.stampededoctor.detectors.report.Target;
import dev.stampededoctor.detectors.ttl.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drill}: reproduce a stampede on staging servers and measure a mitigation for real. */
@Command(
        addMethodSubcommands = false,
        name = "drill",
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Reproduce a stampede on staging Redis and PostgreSQL and measure a fix for real.",
        description = {
            "Drives a real, bounded cache-aside workload: --clients threads, each with its own PostgreSQL"
                    + " connection and (--connections pooled) its own Redis connection, read keys under stampede-doctor:drill:<run>: and rebuild a"
                    + " miss with a real query on a table the drill creates (stampede_doctor_drill_<run>,"
                    + " pg_sleep of --rebuild-ms). The scenario triggers the stampede; the detectors read"
                    + " the MONITOR stream live, pg_stat_activity is sampled every 10 ms, and the report"
                    + " gives the backend queries, the peak of concurrent rebuild queries, read latency p50"
                    + " and p99, the detectors' verdict, and what simulate predicts from the run's own"
                    + " capture. The table and the keys are removed on every exit, Ctrl-C included; every"
                    + " key the drill writes has a TTL of at most 20 minutes all the same.",
            "",
            "--connections shared runs the threads as real client libraries multiplex them: split over"
                    + " --processes processes, each with one pipelined Redis connection that all its threads use at"
                    + " once (Lettuce shares one per JVM, node-redis and ioredis one per client), so MONITOR shows a"
                    + " herd's GETs and SETs from one ip:port. On loopback each process connects from an address of"
                    + " its own (127.0.0.21, .22, …), which a Redis in protected mode refuses: the drill then falls"
                    + " back to 127.0.0.1 and says so.",
            "",
            "Scenarios: invalidation (a writer updates the row and deletes the hot key three times),"
                    + " ttl (a hot key refilled with a TTL of --ttl), cluster (--keys keys seeded together"
                    + " with one TTL).",
            "Mitigations: none, jitter (TTLs within --jitter), write-through (the writer overwrites"
                    + " instead of deleting), lock (single flight: SET NX PX, the others wait),"
                    + " xfetch (probabilistic early refresh, beta 1), stale-while-revalidate (soft TTL in"
                    + " the value, hard TTL twice as long, one refresh behind a lock). A mitigation that"
                    + " does not address the scenario's cause (jitter against a delete) is run all the same"
                    + " and said to be no fix.",
            "",
            "For staging servers: it writes to both, and MONITOR costs Redis throughput while it runs."
                    + " It says what it will do to which hosts and asks first; --yes answers for scripts.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:The (last) run is healthy: no stampede or herd on the drill's keys.",
            " 1:The (last) run still shows a stampede or herd.",
            " 2:Usage error, or not confirmed.",
            " 3:Could not connect, or a server failed during the drill.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor drill --redis redis://staging-cache:6379 \\",
            "      --postgres postgresql://app@staging-db/shop \\",
            "      --scenario invalidation --mitigation lock --compare --yes",
            "  stampede-doctor drill --redis redis://localhost --postgres \\",
            "      postgresql://localhost/test --scenario cluster \\",
            "      --mitigation jitter --jitter 20%% --keys 2000 -f json --yes",
        })
public final class DrillCommand implements Callable<Integer> {
    static final int MAX_CLIENTS = 500;
    static final Duration MAX_DURATION = Duration.ofMinutes(5);
    static final Duration MAX_TTL = Duration.ofMinutes(10);

    @Mixin
    RedisOptions redis;

    @Option(names = "--postgres", paramLabel = "URL", required = true,
            description = "postgresql://[user[:pass]@]host[:port]/db or jdbc:postgresql://… (PG* variables and"
                    + " ~/.pgpass fill in the rest). The user needs CREATE on the default schema.")
    String postgres;

    @Option(names = "--scenario", paramLabel = "SCENARIO", required = true, converter = DrillOptionValues.ScenarioConverter.class,
            completionCandidates = DrillOptionValues.ScenarioNames.class,
            description = "What to reproduce: ${COMPLETION-CANDIDATES}.")
    Scenario scenario;

    @Option(names = "--mitigation", paramLabel = "MITIGATION", defaultValue = "none",
            converter = DrillOptionValues.MitigationConverter.class, completionCandidates = DrillOptionValues.MitigationNames.class,
            description = "How the clients run the cache: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Mitigation mitigation;

    @Option(names = "--compare",
            description = "Run none first, then the mitigation, and print them side by side with what simulate"
                    + " predicted for the mitigation from the first run's capture.")
    boolean compare;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "8",
            description = "Client threads, 1 to 500 (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--connections", paramLabel = "MODE", defaultValue = "pooled",
            converter = DrillOptionValues.ConnectionModeConverter.class, completionCandidates = DrillOptionValues.ConnectionModeNames.class,
            description = "How the client threads reach Redis: pooled (a connection each) or shared (one pipelined"
                    + " connection per process, used by all its threads at once) (default: ${DEFAULT-VALUE}).")
    ConnectionMode connections;

    @Option(names = "--processes", paramLabel = "N", defaultValue = "1",
            description = "With --connections shared: the processes the client threads are split over, each with"
                    + " one Redis connection, 1 to --clients (default: ${DEFAULT-VALUE}).")
    int processes;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long each run's clients read, 1s to 5m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "The TTL of the ttl and cluster scenarios, below --duration (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "500",
            description = "Keys the cluster scenario seeds together, 20 to 100000 (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--rebuild-ms", paramLabel = "N", defaultValue = "50",
            description = "How long each rebuild query takes (pg_sleep), 1 to 10000 ms (default: ${DEFAULT-VALUE}).")
    long rebuildMs;

    @Option(names = "--jitter", paramLabel = "PERCENT", defaultValue = "10", converter = Percent.class,
            description = "The jitter mitigation's spread, 1%% to 50%% (default: 10%%).")
    double jitterPercent;

    @Option(names = "--pause-ms", paramLabel = "N", defaultValue = "2",
            description = "Each client's pause between two reads, 0 to 1000 ms (default: ${DEFAULT-VALUE}).")
    long pauseMs;

    @Option(names = "--save", paramLabel = "DIR",
            description = "Keep each run's MONITOR capture as DIR/<run>.monitor.log (analyze and simulate read it).")
    java.nio.file.Path saveDir;

    @Option(names = "--yes", description = "Do not ask: run the drill (for scripts).")
    boolean yes;

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOptions help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        validate();
        output.output().checkWritable();
        PostgresUrl pgUrl = PostgresUrl.parse(postgres, System.getenv());
        RedisUrl target = redis.target();
        if (processes > 1) {
            // Its processes are told apart by their source address in MONITOR; unix clients have none.
            target.requireTcp("--processes " + processes + " gives each process a source address of its own");
        }
        OutputFormat format = output.format();
        if (format == OutputFormat.openmetrics) {
            throw new UsageException("--format openmetrics is for analyze, scan, ttl-audit and check; drill writes text,"
                    + " json, markdown or html");
        }
        PrintWriter err = spec.commandLine().getErr();
        String runId = runId();
        DrillSettings settings = new DrillSettings(scenario, mitigation, clients, duration.toMillis(), ttl.toMillis(),
                keys, rebuildMs, jitterPercent / 100, pauseMs, target.db(), connections, processes);
        boolean twoRuns = compare && mitigation != Mitigation.NONE;

        err.println(plan(target, pgUrl, runId, twoRuns));
        err.flush();
        Confirmation.require(yes, "run this drill against " + target + " and " + pgUrl, err);
        DrillServers servers = new DrillServers(redis, target, pgUrl);
        ClusterPlacement.Placement placement = servers.check(clients);
        if (placement != null) {
            err.println("stampede-doctor: " + target.withoutCredentials() + " is a Redis Cluster node: every key of the"
                    + " drill carries the hash tag {" + placement.tag() + "}, whose slot " + placement.slot()
                    + " it serves, so the drill runs on this node alone");
        }

        Drill drill = new Drill(servers, pgUrl).saveCapturesTo(saveDir)
                .hashTag(placement == null ? null : placement.tag());
        Thread hook = new Thread(drill::abort, "drill-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        List<DrillResult> runs = new ArrayList<>();
        long started = System.nanoTime();
        int total = twoRuns ? 2 : 1;
        boolean unicode = GlobalOptions.textStyle(spec).unicode();
        try (ProgressLine progress = !Terminals.stderrIsTerminal() ? null : new ProgressLine(err, () -> {
            double seconds = (System.nanoTime() - started) / 1e9;
            double planned = total * settings.durationMillis() / 1000.0;
            return String.format(Locale.ROOT, "drill %s %s  run %d of %d  %.0f s of about %.0f s", scenario.label(),
                    ProgressLine.bar(seconds / planned, 20, unicode), Math.min(total, runs.size() + 1), total, seconds,
                    planned);
        })) {
            // The unmitigated run's capture predicts every fix. A mitigated run's capture cannot be
            // replayed as-is: an early or background refresh looks like any other write.
            List<String> every = new ArrayList<>();
            for (Mitigation m : Mitigation.values()) {
                every.add(m.policy(settings.jitterSpread()));
            }
            List<String> predict = mitigation == Mitigation.NONE ? every : List.of();
            if (twoRuns) {
                ProgressLine.println(progress, err, "stampede-doctor: run 1 of 2: " + scenario.label()
                        + " without a mitigation");
                runs.add(drill.run(settings.withMitigation(Mitigation.NONE), runId + "a", every));
                ProgressLine.println(progress, err, "stampede-doctor: run 2 of 2: " + scenario.label()
                        + " with " + mitigation.label());
                runs.add(drill.run(settings, runId + "b", List.of()));
            } else {
                runs.add(drill.run(settings, runId, predict));
            }
        } catch (IOException e) {
            throw new ConnectionException("the drill lost a server: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new ConnectionException("PostgreSQL failed during the drill: " + DrillServers.firstLine(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("the drill was interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ConnectionException("the drill failed: " + e.getMessage(), e);
        } finally {
            drill.abort(); // a no-op when each run cleaned up after itself
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs
            }
            for (String problem : drill.cleanupProblems()) {
                err.println("stampede-doctor: warning: could not remove " + problem);
            }
        }
        DrillReport.Setup setup = new DrillReport.Setup(target.toString(), pgUrl.toString(), scenario.label(),
                mitigation.label(), twoRuns, clients, connections.label(), processes, duration.toMillis(), ttl.toMillis(), keys, rebuildMs,
                jitterPercent);
        DrillReport report = new DrillReport(setup, runs, twoRuns ? compare(runs.get(0), runs.get(1)) : null,
                new DrillReport.Cleanup(drill.cleanupProblems().isEmpty(), drill.cleanupProblems()))
                .withTarget(Target.drill(List.of(target.withoutCredentials()), pgUrl.withoutCredentials()),
                        GeneratedAt.now());
        output.output().write(spec.commandLine().getOut(), out -> {
            switch (format) {
                case json -> new PrettyJson<>(DrillReport.class).write(report, out);
                case markdown -> DrillText.markdown(report, out);
                case html -> DrillHtml.write(report, out);
                default -> DrillText.text(report, out, output.style(GlobalOptions.textStyle(spec)));
            }
        });
        return runs.get(runs.size() - 1).verdict().healthy() ? ExitCode.OK : ExitCode.FOUND;
    }

    private DrillReport.Comparison compare(DrillResult none, DrillResult with) {
        Long predicted = none.predicted() == null ? null
                : none.predicted().rebuilds(mitigation == Mitigation.NONE ? "as-is" : mitigation.policy(0).split("=")[0]);
        String conclusion;
        if (!none.verdict().healthy() && with.verdict().healthy()) {
            conclusion = String.format(Locale.ROOT, "%s removes the stampede: %,d backend queries instead of %,d.",
                    mitigation.label(), with.backendQueries(), none.backendQueries());
        } else if (none.verdict().healthy()) {
            conclusion = "The unmitigated run raised no alarm: nothing to compare the fix against (more --clients,"
                    + " a longer --rebuild-ms?).";
        } else if (!mitigation.addresses(scenario)) {
            conclusion = mitigation.label() + " does not address the cause of the " + scenario.label() + " scenario,"
                    + " and the drill still shows the stampede.";
        } else {
            conclusion = mitigation.label() + " did not remove the stampede in this run.";
        }
        return new DrillReport.Comparison(mitigation.label(), none.backendQueries(), with.backendQueries(), predicted,
                none.peakConcurrentQueries(), with.peakConcurrentQueries(), none.verdict().healthy(),
                with.verdict().healthy(), conclusion);
    }

    private String plan(RedisUrl target, PostgresUrl pg, String runId, boolean twoRuns) {
        String runs = twoRuns ? "two runs of " + Durations.text(duration.toMillis()) + " (none, then "
                + mitigation.label() + ")" : "one run of " + Durations.text(duration.toMillis()) + " ("
                + mitigation.label() + ")";
        String ids = twoRuns ? runId + "a," + runId + "b" : runId;
        String clientsText = connections == ConnectionMode.SHARED
                ? String.format(Locale.ROOT, "%d client(s) in %d process(es), each process with one Redis connection"
                        + " its threads share (Redis %s), each client with its own connection to PostgreSQL %s",
                        clients, processes, target, pg)
                : String.format(Locale.ROOT, "%d client(s), each with its own connections to Redis %s and PostgreSQL %s",
                        clients, target, pg);
        return String.format(Locale.ROOT, "stampede-doctor: drill '%s': %s, %s. It creates table(s) %s{%s}, writes keys %s{%s}:*, runs"
                + " MONITOR while the clients run, and removes the table and keys afterwards.", scenario.label(), runs,
                clientsText, DrillTable.PREFIX, ids, DrillPlan.KEY_PREFIX, ids);
    }

    private void validate() {
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw new UsageException("--clients must be between 1 and " + MAX_CLIENTS);
        }
        if (connections == ConnectionMode.SHARED && (processes < 1 || processes > clients)) {
            throw new UsageException("--processes must be between 1 and --clients (" + clients + ")");
        }
        if (connections == ConnectionMode.POOLED && processes != 1) {
            throw new UsageException("--processes needs --connections shared (pooled clients have a connection each)");
        }
        if (duration.toMillis() < 1_000 || duration.compareTo(MAX_DURATION) > 0) {
            throw new UsageException("--duration must be between 1s and 5m");
        }
        if (ttl.toMillis() < 100 || ttl.compareTo(MAX_TTL) > 0) {
            throw new UsageException("--ttl must be between 100ms and 10m");
        }
        if (scenario != Scenario.INVALIDATION && ttl.compareTo(duration) >= 0) {
            throw new UsageException("--ttl (" + Durations.text(ttl.toMillis()) + ") must be below --duration ("
                    + Durations.text(duration.toMillis()) + "), or nothing expires during the drill");
        }
        if (keys < 20 || keys > 100_000) {
            throw new UsageException("--keys must be between 20 and 100000");
        }
        if (rebuildMs < 1 || rebuildMs > 10_000) {
            throw new UsageException("--rebuild-ms must be between 1 and 10000");
        }
        if (jitterPercent / 100 < 0.01 || jitterPercent / 100 > 0.5) {
            throw new UsageException("--jitter must be between 1% and 50%");
        }
        if (pauseMs < 0 || pauseMs > 1_000) {
            throw new UsageException("--pause-ms must be between 0 and 1000");
        }
        if (saveDir != null) {
            // As scan's --save: the directory is created when missing.
            if (saveDir.toString().isBlank()) {
                throw new UsageException("--save needs a directory (it is created if missing)");
            }
            try {
                java.nio.file.Files.createDirectories(saveDir);
            } catch (java.io.IOException e) {
                throw new UsageException("cannot create --save " + saveDir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Eight random lower-case letters: a table suffix, and a key segment pattern inference keeps literal. */
    private static String runId() {
        Random random = new java.security.SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }
}
