package dev.stampededoctor.cli.redis;

import java.util.List;

/**
 * Which value of notify-keyspace-events a subscription puts back, and why: the server's own when
 * no one changed it; when the value it finds is another's change, the one before that change. The
 * change may be another stampede-doctor's still reading the events (it names the value), this
 * process's earlier subscription whose connection was lost, or a run killed before it could put the
 * setting back ({@link SettingJournal}).
 *
 * @param previous what to put back
 * @param leftBy who left the value found, for the message; null when it is the server's own
 * @param shared whether another stampede-doctor reads the events too (the last to stop puts it back)
 * @param abandoned the journal entries of killed runs this subscription takes over
 */
record SettingOrigin(String previous, String leftBy, boolean shared, List<SettingJournal.Entry> abandoned) {

    static SettingOrigin of(String current, List<EventSubscribers.Subscriber> others,
            KeyspaceNotifications.Unrestored earlier, List<SettingJournal.Entry> journal) {
        EventSubscribers.Subscriber first = others == null || others.isEmpty() ? null : others.get(0);
        if (first != null && NotifyFlags.onlyOursAdded(current, first.original())) {
            return new SettingOrigin(first.original(), "another stampede-doctor reading the events (" + first.addr()
                    + ") set it", true, List.of());
        }
        if (earlier != null && current.equals(earlier.applied())) {
            return new SettingOrigin(earlier.previous(), "the lost connection left it", false, List.of());
        }
        for (SettingJournal.Entry e : journal) {
            if (NotifyFlags.containsAll(current, e.applied()) && NotifyFlags.onlyOursAdded(current, e.original())) {
                return new SettingOrigin(e.original(), "a stampede-doctor run killed before it could put it back (pid "
                        + e.pid() + ", started " + e.started() + ") left it", false, journal);
            }
        }
        // Entries of killed runs whose change is no longer there (put back by hand, or by a restart
        // the run_id missed) are dropped as well. Another run whose change an operator has since
        // changed: the operator's value is the one to put back, by whichever of us stops last.
        return new SettingOrigin(current, null, first != null, journal);
    }
}
