package dev.stampededoctor.detectors.simulate;

/**
 * The capture as it ran: cache-aside, each miss rebuilds, TTLs and deletes as written. Its figures
 * should be the capture's own (within a few percent): the check that the model fits the traffic.
 */
final class AsIs implements CachePolicy {
    static final AsIs INSTANCE = new AsIs();

    @Override
    public String name() {
        return "as-is";
    }
}
