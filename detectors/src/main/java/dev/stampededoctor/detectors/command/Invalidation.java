package dev.stampededoctor.detectors.command;

/** The explicit command that removed a key. */
public enum Invalidation {
    DEL, UNLINK, GETDEL,
    /** EXPIRE/PEXPIRE with a non-positive time, or EXPIREAT/PEXPIREAT with a past instant. */
    EXPIRE_PAST,
    /** RENAME or RENAMENX moved the value away from this key. */
    RENAME_AWAY
}
