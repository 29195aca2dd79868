package dev.stampededoctor.cli.command;

/** Keeps an operation at {@code rate} items per second at most (0: no limit). */
final class Pacer {
    private final long rate;
    private final long start = System.nanoTime();

    Pacer(long rate) {
        this.rate = rate;
    }

    /** Sleeps until {@code done} items are due. */
    void await(long done) throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        long wait = start + done * 1_000_000_000L / rate - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
