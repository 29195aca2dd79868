package dev.stampededoctor.detectors.report;

/**
 * One fix, ranked (1 is first to try).
 *
 * @param action {@code write-through}, {@code rebuild-lock}, {@code event-driven-refresh},
 *               {@code xfetch}, {@code ttl-jitter} or {@code stale-while-revalidate}
 * @param advice what to do, with the numbers for this event
 * @param reason why it ranks where it does
 * @param sketch a few lines of code showing the shape of the fix
 */
public record Recommendation(int rank, String action, String advice, String reason, String sketch) {
}
