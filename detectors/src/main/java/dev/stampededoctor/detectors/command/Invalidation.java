package dev.stampededoctor.detectors.command;

/** The explicit command that removed a key. */
public enum Invalidation {
    DEL, UNLINK, GETDEL,
    /** EXPIRE/PEXPIRE with a non-positive time, or EXPIREAT/PEXPIREAT with a past instant. */
    EXPIRE_PAST,
    /** RENAME or RENAMENX moved the value away from this key. */
    RENAME_AWAY,
    /**
     * On a replica: a single-key {@code DEL} or {@code UNLINK}, in capitals, from the master's
     * link: the form in which a master propagates an expiry (UNLINK with lazyfree, Valkey 8's
     * default). A client's own DEL arrives the same way, so the detector decides by the key's TTL.
     */
    MASTER_EXPIRY_FORM
}
