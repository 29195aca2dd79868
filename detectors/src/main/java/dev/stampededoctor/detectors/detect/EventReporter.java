package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.command.CommandType;

import dev.stampededoctor.detectors.incident.EventFacts;
import dev.stampededoctor.detectors.incident.Finding;
import dev.stampededoctor.detectors.keys.KeyText;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Evidence;
import dev.stampededoctor.detectors.report.Hosts;
import dev.stampededoctor.detectors.report.Recommendation;
import dev.stampededoctor.detectors.report.Timeline;
import dev.stampededoctor.detectors.report.TimeSpan;
import dev.stampededoctor.detectors.report.Trigger;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Turns the detector's findings into report events: names for client and pattern ids,
 * classification, confidence with its reasons, and ranked recommendations. Runs once, after the
 * key-operation thread has finished.
 */
public final class EventReporter {
    private static final int CONNECTIONS_SHOWN = 10;

    private final IntFunction<String> clientNames;
    private final IntFunction<String> patternNames;
    private final CoordinatedExpiry coordinated;
    private final boolean replica;
    private final IntFunction<String> inputNames;
    private final long captureStart;
    /** Input index to the node it was recorded on; null for one server. */
    private IntFunction<String> inputNodes = i -> null;
    /** Client id to the node it talked to, where the input names none (one packet capture of several nodes); null: none. */
    private IntFunction<String> clientNodes;
    /** Script calls, and the inputs that do not show a script's commands (packet captures); null: none. */
    private ScriptCalls scriptCalls;
    private java.util.function.IntPredicate hidingScripts;

    /**
     * @param clientNames  client id to {@code ip:port}
     * @param patternNames pattern id to glob
     * @param replica      the capture comes from a replica: explicit deletes may be the master's expiries
     * @param inputNames   input index to its name, for the trigger's file
     * @param captureStart the capture's first timestamp (µs)
     */
    public EventReporter(IntFunction<String> clientNames, IntFunction<String> patternNames, int minClusterKeys,
            boolean replica, IntFunction<String> inputNames, long captureStart) {
        this.clientNames = clientNames;
        this.patternNames = patternNames;
        this.coordinated = new CoordinatedExpiry(minClusterKeys);
        this.replica = replica;
        this.inputNames = inputNames;
        this.captureStart = captureStart;
    }

    /**
     * Names each event's node by the input its lines came from ({@code MonitorLine#inputOf}): a
     * capture merged from several nodes'. {@code nodes} answers null for an input of no node.
     */
    public EventReporter withInputNodes(IntFunction<String> nodes) {
        this.inputNodes = nodes;
        return this;
    }

    /**
     * Where the input of an event's lines names no node, the node its connections talked to
     * ({@code nodes}: client id to node, null when not known; null for none): one packet capture
     * of several nodes' traffic.
     */
    public EventReporter withClientNodes(IntFunction<String> nodes) {
        this.clientNodes = nodes;
        return this;
    }

    /** The script calls of inputs that show no script's commands (packet captures), for unexplained stampedes. */
    public EventReporter withScriptCalls(ScriptCalls calls, java.util.function.IntPredicate inputsHidingScripts) {
        this.scriptCalls = calls;
        this.hidingScripts = inputsHidingScripts;
        return this;
    }

    private String nodeOf(int input) {
        return input < 0 ? null : inputNodes.apply(input);
    }

    /**
     * The node of the input, else of connection {@code first} (-1: none), else of the first of
     * {@code clients} whose node is known. Plain loops: this runs in every short analyze, where
     * a stream's first use costs more than the rest of the report's work here.
     */
    private String nodeOf(int input, int first, java.util.Set<Integer> clients) {
        String node = nodeOf(input);
        if (node != null || clientNodes == null) {
            return node;
        }
        node = first >= 0 ? clientNodes.apply(first) : null;
        if (node != null) {
            return node;
        }
        for (int c : clients) {
            node = clientNodes.apply(c);
            if (node != null) {
                return node;
            }
        }
        return null;
    }

    /**
     * When one packet capture holds several servers: the sentence saying that the trigger ran on a
     * server none of the missing connections used, else null. The capture's servers are read as
     * one keyspace, as a cluster's nodes hold disjoint keys; two separate servers holding the same
     * key names are not one, and then the trigger removed another server's key.
     */
    private String triggerOnAnotherNode(Episode e) {
        String triggerNode = clientNodes == null || e.triggerClient < 0 ? null : clientNodes.apply(e.triggerClient);
        if (triggerNode == null) {
            return null;
        }
        java.util.Set<String> missed = new java.util.TreeSet<>();
        for (int c : e.connections.keySet()) {
            String n = clientNodes.apply(c);
            if (n != null) {
                missed.add(n);
            }
        }
        if (missed.isEmpty() || missed.contains(triggerNode)) {
            return null;
        }
        return String.format(Locale.ROOT, "%s ran on %s, the misses on %s: the capture's servers are read as one"
                + " keyspace, as a cluster's nodes are; if they are separate servers with the same keys, it removed"
                + " another server's key (analyse each server's packets on their own: tcpdump -r FILE -w ONE.pcap 'tcp"
                + " port PORT')", e.triggerCommand, triggerNode, String.join(", ", missed));
    }

    /** The one node of {@code inputs}; null when none or several. */
    private String nodeOf(java.util.Set<Integer> inputs) {
        java.util.Set<String> nodes = new java.util.HashSet<>();
        inputs.forEach(i -> nodes.add(nodeOf(i)));
        return nodes.size() == 1 ? nodes.iterator().next() : null;
    }

    /**
     * Every event the detector found once the capture has ended (episodes, coordinated expiries,
     * refresh herds), in time order, each with the facts its incident is made from.
     */
    public List<Finding> events(StampedeDetector detector) {
        return events(detector.finish(), detector.expiries(), detector.refreshHerds());
    }

    /**
     * The events of the episodes closed so far, for a live view, without ending the analysis:
     * open episodes stay open, and refresh herds (found only at the end) are left out.
     */
    public List<Finding> eventsSoFar(StampedeDetector detector) {
        return events(detector.keptSoFar(), new ArrayList<>(detector.expiries()), List.of());
    }

    private List<Finding> events(List<Episode> episodes, List<StampedeDetector.Expiry> expiries,
            List<RefreshHerds.Burst> refreshHerds) {
        List<Timed> timed = new ArrayList<>();
        for (RefreshHerds.Burst b : refreshHerds) {
            timed.add(new Timed(b.firstReadAt, new Finding(event(b), facts(b))));
        }
        for (Episode e : episodes) {
            timed.add(new Timed(e.timelineStart(), new Finding(event(e), facts(e))));
        }
        for (CoordinatedExpiry.Cluster c : coordinated.clusters(expiries, patternNames)) {
            timed.add(new Timed(c.start(), new Finding(event(c), facts(c))));
        }
        timed.sort((a, b) -> Long.compare(a.at(), b.at()));
        return timed.stream().map(Timed::finding).toList();
    }

    private record Timed(long at, Finding finding) {
    }

    private EventFacts facts(Episode e) {
        Map<String, int[]> byHost = new java.util.TreeMap<>();
        for (Map.Entry<Integer, EpisodeConnection> c : e.connections.entrySet()) {
            int[] w = byHost.computeIfAbsent(String.valueOf(Hosts.of(clientNames.apply(c.getKey()))), h -> new int[3]);
            EpisodeConnection ec = c.getValue();
            w[0] += ec.misses > 0 ? 1 : 0;
            w[1] += ec.misses;
            w[2] += ec.rebuilds;
        }
        List<EventFacts.HostWork> hosts = byHost.entrySet().stream()
                .map(h -> new EventFacts.HostWork(h.getKey(), h.getValue()[0], h.getValue()[1], h.getValue()[2])).toList();
        long ttl = e.expiredTtlMicros > 0 ? e.expiredTtlMicros : Math.max(0, e.refillTtlMicros);
        long rebuild = e.refilled() && e.firstMissAt >= 0 && e.firstFillAt >= e.firstMissAt ? e.firstFillAt - e.firstMissAt : -1;
        boolean unknown = e.triggerKind == TriggerKind.UNKNOWN && e.rebuilds > 1;
        List<Recommendation> asTtlHerd = unknown ? Recommendations.forEpisode(CacheEvent.TTL_HERD, e, KeyText.display(e.key),
                e.patternId >= 0 ? patternNames.apply(e.patternId) : KeyText.display(e.key)) : null;
        return new EventFacts(EventFacts.Source.EPISODE, e.timelineStart(), e.triggerLine, ttl, rebuild,
                e.firstSeenAt, captureStart, e.lastEventAt, hosts, unknown && coldStart(e), asTtlHerd,
                e.triggerKind == TriggerKind.UNKNOWN ? scriptBefore(e) : null);
    }

    /** How long before the first miss a script call naming the key may have been its trigger. */
    private static final long SCRIPT_BEFORE_MICROS = 60_000_000;

    /** The script call that named the episode's key last before its first miss, if recent and its commands unseen. */
    private EventFacts.ScriptCall scriptBefore(Episode e) {
        if (scriptCalls == null || e.firstMissAt < 0) {
            return null;
        }
        ScriptCalls.Call c = scriptCalls.before(e.db, KeyText.display(e.key), e.firstMissAt, hidingScripts);
        if (c == null || e.firstMissAt - c.at() > SCRIPT_BEFORE_MICROS) {
            return null;
        }
        return new EventFacts.ScriptCall(c.at(), c.command(), clientNames.apply(c.clientId()));
    }

    private EventFacts facts(CoordinatedExpiry.Cluster c) {
        return new EventFacts(EventFacts.Source.COORDINATED_EXPIRY, c.start(), -1, c.ttlMicros(), -1, -1,
                captureStart, c.start() + c.windowMicros(), List.of(), false, null, null);
    }

    private EventFacts facts(RefreshHerds.Burst b) {
        return new EventFacts(EventFacts.Source.REFRESH_HERD, b.firstReadAt, -1, Math.max(0, b.refillTtlMicros),
                b.refreshMicros, -1, captureStart, b.lastRefreshAt, List.of(), false, null, null);
    }

    private CacheEvent event(Episode e) {
        String key = KeyText.display(e.key);
        String pattern = e.patternId >= 0 ? patternNames.apply(e.patternId) : key;
        String kind = kindOf(e);
        List<String> reasons = new ArrayList<>();
        double confidence = confidence(e, kind, reasons);
        Trigger trigger = trigger(e, key);
        List<String> connections = connectionsOf(e);
        List<String> hosts = connections.stream().map(Hosts::of).distinct().toList();
        long distinctHosts = e.connections.keySet().stream().map(c -> Hosts.of(clientNames.apply(c))).distinct().count();
        Double firstRefillMs = e.refilled() ? (e.firstFillAt - e.timelineStart()) / 1000.0 : null;
        Double refillTtl = e.refillTtlMicros > 0 ? e.refillTtlMicros / 1e6 : null;
        Evidence evidence = new Evidence(reasons, e.connections.size(), (int) distinctHosts, connections, hosts,
                e.refilled() ? Math.min(e.missesBeforeRefill, e.misses) : e.misses, firstRefillMs,
                Math.min(e.missesBeforeRefill, Math.max(e.rebuilds, 1)),
                (e.lastEventAt - e.timelineStart()) / 1000.0, e.lockAttempts, refillTtl, timeline(e), latency(e));
        List<Recommendation> advice = kind.equals(CacheEvent.COALESCED_REFILL) ? List.of()
                : kind.equals(CacheEvent.UNEXPLAINED_STAMPEDE) ? Recommendations.forUnexplained(e, key, pattern, coldStart(e))
                : Recommendations.forEpisode(kind, e, key, pattern);
        return new CacheEvent(kind, key, pattern, e.db, trigger, e.misses, CacheEvent.missSource(e.misses, e.replyMisses),
                e.rebuilds, null, round(confidence), evidence, advice)
                .withNode(nodeOf(e.input, e.connections.isEmpty() ? e.triggerClient : -1, e.connections.keySet()));
    }

    /** The episode's reply times, when the source showed any. */
    private static Evidence.ReplyLatency latency(Episode e) {
        if (e.missLatencyCount == 0 && e.fillLatencyCount == 0) {
            return null;
        }
        return new Evidence.ReplyLatency(figures(e.missLatencyCount, e.missLatencySum, e.missLatencyMax),
                figures(e.fillLatencyCount, e.fillLatencySum, e.fillLatencyMax));
    }

    private static Evidence.Figures figures(long count, long sumMicros, long maxMicros) {
        return count == 0 ? null : new Evidence.Figures(count, Math.round((double) sumMicros / count) / 1000.0,
                maxMicros / 1000.0);
    }

    private CacheEvent event(CoordinatedExpiry.Cluster c) {
        String pattern = c.pattern();
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "%d keys of %s expired within %.1f s of each other (%d%% of the pattern's"
                + " expiries read in the capture)", c.keys(), pattern, c.windowMicros() / 1e6, c.sharePercent()));
        if (c.ttlMicros() > 0) {
            reasons.add(String.format(Locale.ROOT, "they were written with the same TTL of %s", seconds(c.ttlMicros())));
        }
        double confidence = c.ttlMicros() > 0 ? 0.9 : 0.75;
        BigDecimal at = epochSeconds(c.start());
        Trigger trigger = new Trigger("ttl", at, TimeSpan.iso(c.start()));
        Evidence evidence = new Evidence(reasons, 0, 0, List.of(), List.of(), c.misses(), null, 0,
                c.windowMicros() / 1000.0, 0, c.ttlMicros() > 0 ? c.ttlMicros() / 1e6 : null, null);
        return new CacheEvent(CacheEvent.TTL_HERD, null, pattern, c.db(), trigger, c.misses(),
                CacheEvent.missSource(c.misses(), c.replyMisses()), c.rebuilds(),
                (long) c.keys(), confidence, evidence, Recommendations.forCluster(c, pattern)).withNode(nodeOf(c.inputs()));
    }

    private CacheEvent event(RefreshHerds.Burst b) {
        String key = KeyText.display(b.key);
        String pattern = b.patternId >= 0 ? patternNames.apply(b.patternId) : key;
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "%d refreshes of the present key within %.0f ms, by readers that read it before the"
                + " first refresh landed: the value's own (soft) expiry sent each of them to the backend, and no read"
                + " returned nil", b.refreshes, (b.lastRefreshAt - b.firstReadAt) / 1000.0));
        reasons.add(String.format(Locale.ROOT, "the value had lived %s; Redis kept it", seconds(b.firstRefreshAt - b.valueFilledAt)));
        List<String> connections = b.readers.keySet().stream().sorted().limit(CONNECTIONS_SHOWN)
                .map(clientNames::apply).toList();
        long distinctHosts = b.readers.keySet().stream().map(c -> Hosts.of(clientNames.apply(c))).distinct().count();
        BigDecimal at = epochSeconds(b.firstReadAt);
        Trigger trigger = new Trigger("soft-expiry", at, TimeSpan.iso(b.firstReadAt));
        Evidence evidence = new Evidence(reasons, b.readers.size(), (int) distinctHosts, connections,
                connections.stream().map(Hosts::of).distinct().toList(), 0, (b.firstRefreshAt - b.firstReadAt) / 1000.0,
                b.refreshes, (b.lastRefreshAt - b.firstReadAt) / 1000.0, 0,
                b.refillTtlMicros > 0 ? b.refillTtlMicros / 1e6 : null, null);
        return new CacheEvent(CacheEvent.TTL_HERD, key, pattern, b.db, trigger, 0, null, b.refreshes, null,
                b.refreshes <= 3 ? 0.7 : 0.8, evidence, Recommendations.forRefreshHerd(key, b))
                .withNode(nodeOf(b.input, -1, b.readers.keySet()));
    }

    private static String kindOf(Episode e) {
        if (e.rebuilds <= 1) {
            return CacheEvent.COALESCED_REFILL;
        }
        return switch (e.triggerKind) {
            case INVALIDATION -> CacheEvent.INVALIDATION_STAMPEDE;
            case TTL -> CacheEvent.TTL_HERD;
            // Not in the capture: a TTL herd only when the incident's recurrence at the key's own
            // TTL says so (see the incident builder); a stampede whatever the cause until then.
            case UNKNOWN -> CacheEvent.UNEXPLAINED_STAMPEDE;
        };
    }

    /**
     * A key the capture never showed before this burst of misses, although it had been running
     * for a while: most likely it had never been cached (a deploy, a new key, a flushed node).
     */
    private boolean coldStart(Episode e) {
        return e.firstSeenAt >= 0 && e.firstMissAt >= 0 && e.firstSeenAt >= e.firstMissAt - COLD_START_SLACK_MICROS
                && e.firstMissAt - captureStart >= COLD_START_CAPTURE_MICROS;
    }

    /** How far before the first miss the key may first show (a hit of the same burst) and still be cold. */
    private static final long COLD_START_SLACK_MICROS = 1_000;
    /** How long the capture must have run before the burst for "never seen" to mean something. */
    private static final long COLD_START_CAPTURE_MICROS = 1_000_000;

    private double confidence(Episode e, String kind, List<String> reasons) {
        if (kind.equals(CacheEvent.COALESCED_REFILL)) {
            reasons.add(String.format(Locale.ROOT, "%d misses but %d rebuild: %d missing client(s) tried SET … NX, a rebuild lock",
                    e.misses, e.rebuilds, e.lockAttempts));
            return 0.9;
        }
        double confidence;
        switch (e.triggerKind) {
            case INVALIDATION -> {
                reasons.add(String.format(Locale.ROOT, "%s removed the key %s before the first miss; %d rebuilds followed",
                        e.triggerCommand, e.triggerFromScript ? "(from a script)" : "", e.rebuilds).replace("  ", " "));
                confidence = 0.95;
                // Only DEL and UNLINK: that is how a master propagates its expiries; an EXPIRE 0 or a
                // GETDEL on the link is a client's command, replayed.
                boolean deletion = e.triggerCommand == CommandType.DEL || e.triggerCommand == CommandType.UNLINK;
                if (replica && !e.triggerFromScript && deletion) {
                    reasons.add("captured on a replica, where the master's expiries arrive as DEL/UNLINK from"
                            + " its replication link: this may have been a TTL expiry");
                    confidence -= 0.35;
                }
                String across = triggerOnAnotherNode(e);
                if (across != null) {
                    reasons.add(across);
                    confidence -= 0.3;
                }
            }
            case TTL -> {
                reasons.add(String.format(Locale.ROOT, "the key's TTL%s ran out at the computed instant and it was read after",
                        e.expiredTtlMicros > 0 ? " of " + seconds(e.expiredTtlMicros) : ""));
                confidence = 0.9;
            }
            default -> {
                reasons.add(String.format(Locale.ROOT, "%d clients missed it and each rebuilt it (the cache-aside signature of a"
                        + " miss: a read, then the reader's own fill)", e.connections.size()));
                if (coldStart(e)) {
                    reasons.add(String.format(Locale.ROOT, "the capture never showed the key before this burst, although it ran for"
                            + " %s before it: most likely it had never been cached (a cold start)",
                            seconds(e.firstMissAt - captureStart)));
                } else {
                    reasons.add("what removed the key is not in the capture: no DEL, no TTL set in the capture that"
                            + " ran out, and the capture began too close to the burst to call it a cold start");
                }
                reasons.add(e.refillTtlMicros > 0
                        ? "the refill sets a TTL, but one expiry does not make a TTL herd: only a recurrence at that"
                                + " TTL would"
                        : "the refill sets no TTL");
                confidence = 0.6;
            }
        }
        if (e.rebuilds <= 3) {
            reasons.add("few rebuilds: a small episode");
            confidence -= 0.1;
        }
        if (!e.refilled()) {
            reasons.add("the key was not refilled before the capture ended");
            confidence -= 0.1;
        }
        return confidence;
    }

    private Trigger trigger(Episode e, String key) {
        long at = e.timelineStart();
        BigDecimal seconds = epochSeconds(at);
        String time = TimeSpan.iso(at);
        return switch (e.triggerKind) {
            case INVALIDATION -> {
                String client = e.triggerClient >= 0 ? clientNames.apply(e.triggerClient) : null;
                String source = e.triggerFromScript ? "lua" : client;
                String line = e.triggerText != null ? quoted(e.triggerText)
                        : e.triggerCommand.name().startsWith("FLUSH")
                        ? String.format(Locale.ROOT, "%s [%d %s] \"%s\"", seconds.toPlainString(), e.db, source, e.triggerCommand)
                        : String.format(Locale.ROOT, "%s [%d %s] \"%s\" \"%s\"", seconds.toPlainString(), e.db, source,
                                e.triggerCommand, key.replace("\"", "\\\""));
                String file = e.triggerLine >= 0 ? inputNames.apply(MonitorLine.inputOf(e.triggerLine)) : null;
                Long number = e.triggerLine >= 0 ? MonitorLine.numberOf(e.triggerLine) : null;
                yield new Trigger("command", e.triggerCommand.name(), seconds, time, client, Hosts.of(client),
                        e.triggerFromScript, line, file, number);
            }
            case TTL -> new Trigger("ttl", seconds, time);
            case UNKNOWN -> new Trigger("unknown", seconds, time);
        };
    }

    /** A MONITOR line as text: ASCII with Redis's own escapes; a line cut at the kept length ends in "…". */
    private static String quoted(byte[] text) {
        String s = new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.length >= dev.stampededoctor.detectors.ops.KeyOpRecorder.MAX_LINE_TEXT ? s + "…" : s;
    }

    /** A connection's last miss, those that never missed after all others. */
    private static long lastMissOrLast(EpisodeConnection c) {
        return c.lastMissAt < 0 ? Long.MAX_VALUE : c.lastMissAt;
    }

    private List<String> connectionsOf(Episode e) {
        return e.connections.entrySet().stream()
                .sorted((a, b) -> {
                    int c = Long.compare(lastMissOrLast(a.getValue()), lastMissOrLast(b.getValue()));
                    return c != 0 ? c : a.getKey().compareTo(b.getKey());
                })
                .limit(CONNECTIONS_SHOWN)
                .map(c -> clientNames.apply(c.getKey()))
                .toList();
    }

    private static Timeline timeline(Episode e) {
        int[] timeline = e.timeline();
        int last = -1;
        for (int b = 0; b < Episode.BUCKETS; b++) {
            if (timeline[b * 3] + timeline[b * 3 + 1] + timeline[b * 3 + 2] > 0) {
                last = b;
            }
        }
        int n = last + 1;
        int[] reads = new int[n];
        int[] misses = new int[n];
        int[] fills = new int[n];
        for (int b = 0; b < n; b++) {
            reads[b] = timeline[b * 3];
            misses[b] = timeline[b * 3 + 1];
            fills[b] = timeline[b * 3 + 2];
        }
        return new Timeline(Episode.BUCKET_MICROS / 1000, epochSeconds(e.timelineOrigin()), reads, misses, fills);
    }

    static BigDecimal epochSeconds(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    static String seconds(long micros) {
        double s = micros / 1e6;
        return s == Math.rint(s) ? String.format(Locale.ROOT, "%d s", (long) s) : String.format(Locale.ROOT, "%.3f s", s);
    }

    private static double round(double confidence) {
        return Math.round(Math.max(0.05, Math.min(1, confidence)) * 100) / 100.0;
    }
}
