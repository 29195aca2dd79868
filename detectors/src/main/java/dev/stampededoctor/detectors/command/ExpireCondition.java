package dev.stampededoctor.detectors.command;

/** The NX/XX/GT/LT option of EXPIRE and friends (Redis 7.0+). */
public enum ExpireCondition {
    ALWAYS,
    /** Only when the key has no TTL. */
    NX,
    /** Only when the key has a TTL. */
    XX,
    /** Only when the new expiry is later than the current one. */
    GT,
    /** Only when the new expiry is earlier than the current one. */
    LT
}
