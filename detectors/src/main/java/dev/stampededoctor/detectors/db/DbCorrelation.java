package dev.stampededoctor.detectors.db;

/**
 * The database side of one cache event: the query group whose concurrency rose right after the
 * trigger.
 *
 * @param query           the group's fingerprint (literals as {@code ?})
 * @param queryId         PostgreSQL's {@code query_id} of the group, when the server computes it
 * @param peakConcurrent  most backends running it at once in the episode's window
 * @param baselineConcurrent its mean concurrency in the two seconds before the trigger
 * @param queriesStarted  executions that started inside the window
 * @param lagMs           from the trigger to the first of them starting
 */
public record DbCorrelation(String query, Long queryId, int peakConcurrent, double baselineConcurrent,
        int queriesStarted, double lagMs) {
}
