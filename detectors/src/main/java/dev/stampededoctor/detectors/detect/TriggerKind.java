package dev.stampededoctor.detectors.detect;

/** What made a key absent before its misses. */
enum TriggerKind {
    /** An explicit command: DEL, UNLINK, GETDEL, EXPIRE in the past, FLUSHDB/FLUSHALL, RENAME. */
    INVALIDATION,
    /** The key's own TTL ran out; the instant is computed from the command that set it. */
    TTL,
    /** Not in the capture: the key was first seen missing (a read, then the reader's own fill). */
    UNKNOWN
}
