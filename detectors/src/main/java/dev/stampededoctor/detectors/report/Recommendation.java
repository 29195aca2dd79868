package dev.stampededoctor.detectors.report;

/**
 * One fix, ranked (1 is first to try).
 *
 * @param action {@code write-through}, {@code rebuild-lock}, {@code event-driven-refresh},
 *               {@code xfetch}, {@code ttl-jitter} or {@code stale-while-revalidate}
 * @param advice what to do, with the numbers for this event
 * @param reason why it ranks where it does
 * @param sketch a few lines of code showing the shape of the fix
 * @param replay what the incident's traffic would have cost with this fix, replayed (null when the
 *               fix has no simulate policy, or the capture could not be replayed)
 */
public record Recommendation(int rank, String action, String advice, String reason, String sketch,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        ReplayFigures replay) {

    public Recommendation(int rank, String action, String advice, String reason, String sketch) {
        this(rank, action, advice, reason, sketch, null);
    }

    public Recommendation ranked(int newRank, ReplayFigures figures) {
        return new Recommendation(newRank, action, advice, reason, sketch, figures);
    }
}
