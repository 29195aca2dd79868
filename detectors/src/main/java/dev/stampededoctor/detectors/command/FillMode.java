package dev.stampededoctor.detectors.command;

/** Whether a write fills a key unconditionally or only in some key states. */
public enum FillMode {
    /** SET, SETEX, MSET, GETSET: the value is replaced whatever was there. */
    ALWAYS,
    /** SET NX, SETNX, MSETNX, RENAMENX: only when the key was absent (the lock and single-flight shape). */
    IF_ABSENT,
    /** SET XX: only when the key was present. */
    IF_PRESENT,
    /** HSET, HMSET, HSETNX: one field written; the key exists afterwards, its TTL untouched. */
    FIELD
}
