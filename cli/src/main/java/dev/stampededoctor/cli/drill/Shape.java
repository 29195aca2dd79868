package dev.stampededoctor.cli.drill;

/** How a cached value is read and written back. */
public enum Shape {
    /** GET; SET … PX. */
    STRING,
    /** HGETALL (empty = miss); MULTI, HSET, HSET, PEXPIRE, EXEC. */
    HASH,
    /** MGET of every key (page fragments); each missing fragment is rebuilt with SET … PX. */
    MGET
}
