package dev.stampededoctor.detectors.incident;

import java.util.List;

/**
 * What the grouping of events into incidents needs to know of one event beyond its report form:
 * the trigger as the detector saw it (its connection and line), the TTL, the rebuild time, and
 * who rebuilt per host. Made by the event reporter beside each {@code CacheEvent}; not serialised.
 *
 * @param source          what found it: an episode on one key, a pattern's coordinated expiry, or a
 *                        refresh herd on a present key
 * @param triggerAt       the trigger instant (µs): the command, the computed expiry, or for an
 *                        unknown trigger the first miss
 * @param triggerLine     {@code MonitorLine#lineId()} of the trigger command; -1 without one
 * @param ttlMicros       the TTL that ran out, else the TTL the refill set; 0 when none is known
 * @param rebuildMicros   first miss to first refill; -1 when not refilled
 * @param firstSeenAt     for an unknown trigger: when the capture first showed the key (µs); else -1
 * @param captureStart    the capture's first timestamp (µs)
 * @param endsAt          the event's last miss or fill (µs); for a coordinated expiry the window's end
 * @param hosts           per host (client IP): connections that missed, misses and rebuilds
 * @param coldStart       for an unknown trigger: the capture ran a while and never showed the key before
 *                        the burst (it had most likely never been cached)
 * @param asTtlHerd       for an unknown trigger: the advice should the incident's recurrence show a TTL
 *                        herd; else null
 * @param scriptCall      for an unknown trigger in a packet capture: the last script call that named the
 *                        key before the first miss (its commands are not in the capture); else null
 */
public record EventFacts(Source source, long triggerAt, long triggerLine, long ttlMicros, long rebuildMicros, long firstSeenAt, long captureStart, long endsAt,
        List<HostWork> hosts, boolean coldStart, List<dev.stampededoctor.detectors.report.Recommendation> asTtlHerd,
        ScriptCall scriptCall) {

    public enum Source { EPISODE, COORDINATED_EXPIRY, REFRESH_HERD }

    /** A script call: when (µs), its command (EVALSHA…), and the connection that sent it. */
    public record ScriptCall(long at, String command, String connection) {
    }

    /** One host's part in an episode. */
    public record HostWork(String host, int connectionsMissed, int misses, int rebuilds) {
    }
}
