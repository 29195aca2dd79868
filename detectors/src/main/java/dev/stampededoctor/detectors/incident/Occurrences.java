package dev.stampededoctor.detectors.incident;

import dev.stampededoctor.detectors.report.CacheEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups events that one cause started at one time: the keys one command line removed (a
 * multi-key DEL, a FLUSHDB), the keys one client removed within {@link #BATCH_GAP_MICROS} of each
 * other (a loop of DELs, a MULTI…EXEC, a script, a pipeline), and the single-key herds of a
 * pattern's coordinated expiry. Each group is one occurrence; the same keys occurring again make a
 * recurring incident ({@link IncidentBuilder}).
 */
final class Occurrences {
    /** A batch-update loop deletes its keys well within this of each other; two separate writes rarely do. */
    static final long BATCH_GAP_MICROS = 10_000;
    /** Slack around a coordinated expiry's window for the single-key herds it holds. */
    private static final long WINDOW_SLACK_MICROS = 1_000_000;

    /** One occurrence: indexes into the findings, in time order, and those folded into a pattern-level event. */
    record Occurrence(List<Integer> members, List<Integer> folded) {
        long at(List<Finding> findings) {
            return findings.get(members.get(0)).facts().triggerAt();
        }
    }

    private final List<Finding> findings;
    private final int[] parent;
    private final boolean[] folded;

    private Occurrences(List<Finding> findings) {
        this.findings = findings;
        this.parent = new int[findings.size()];
        this.folded = new boolean[findings.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
    }

    static List<Occurrence> of(List<Finding> findings) {
        Occurrences o = new Occurrences(findings);
        o.joinCommandBatches();
        o.foldIntoCoordinatedExpiries();
        return o.groups();
    }

    private void joinCommandBatches() {
        List<Integer> commands = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            EventFacts f = findings.get(i).facts();
            if (f.source() == EventFacts.Source.EPISODE && "command".equals(findings.get(i).event().trigger().cause())) {
                commands.add(i);
            }
        }
        commands.sort((a, b) -> Long.compare(findings.get(a).facts().triggerAt(), findings.get(b).facts().triggerAt()));
        Map<String, Integer> lastByConnection = new HashMap<>();
        Map<Long, Integer> firstByLine = new HashMap<>();
        for (int i : commands) {
            EventFacts f = findings.get(i).facts();
            if (f.triggerLine() >= 0) {
                Integer same = firstByLine.putIfAbsent(f.triggerLine(), i);
                if (same != null) {
                    union(same, i);
                }
            }
            String connection = findings.get(i).event().trigger().connection();
            if (connection != null) {
                // A connection is one node's: the same ip:port on two nodes is two connections.
                Integer previous = lastByConnection.put(connection + "/" + findings.get(i).event().db() + "/"
                        + findings.get(i).event().node(), i);
                if (previous != null && f.triggerAt() - findings.get(previous).facts().triggerAt() <= BATCH_GAP_MICROS) {
                    union(previous, i);
                }
            }
        }
    }

    private void foldIntoCoordinatedExpiries() {
        for (int c = 0; c < findings.size(); c++) {
            Finding cluster = findings.get(c);
            if (cluster.facts().source() != EventFacts.Source.COORDINATED_EXPIRY) {
                continue;
            }
            long from = cluster.facts().triggerAt() - WINDOW_SLACK_MICROS;
            long to = cluster.facts().endsAt() + WINDOW_SLACK_MICROS;
            for (int i = 0; i < findings.size(); i++) {
                Finding f = findings.get(i);
                CacheEvent e = f.event();
                if (f.facts().source() == EventFacts.Source.EPISODE && "ttl".equals(e.trigger().cause())
                        && e.db() == cluster.event().db() && e.key() != null && f.facts().triggerAt() >= from
                        && f.facts().triggerAt() <= to && Glob.matches(cluster.event().keyPattern(), e.key())) {
                    union(c, i);
                    folded[i] = true;
                }
            }
        }
    }

    private List<Occurrence> groups() {
        Map<Integer, List<Integer>> byRoot = new LinkedHashMap<>();
        for (int i = 0; i < findings.size(); i++) {
            byRoot.computeIfAbsent(find(i), r -> new ArrayList<>()).add(i);
        }
        List<Occurrence> out = new ArrayList<>();
        for (List<Integer> members : byRoot.values()) {
            members.sort((a, b) -> {
                int c = Long.compare(findings.get(a).facts().triggerAt(), findings.get(b).facts().triggerAt());
                return c != 0 ? c : a.compareTo(b);
            });
            out.add(new Occurrence(List.copyOf(members), members.stream().filter(i -> folded[i]).toList()));
        }
        out.sort((a, b) -> Long.compare(a.at(findings), b.at(findings)));
        return out;
    }

    private int find(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
