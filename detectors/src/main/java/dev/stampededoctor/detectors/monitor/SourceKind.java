package dev.stampededoctor.detectors.monitor;

/** Where a MONITOR line says its command came from. */
public enum SourceKind {
    /** A TCP client, {@code ip:port} or {@code [v6]:port}. */
    ADDRESS,
    /** A client on the server's unix socket, {@code unix:/path}. */
    UNIX,
    /** A command run by a script (EVAL, EVALSHA, FCALL). */
    LUA,
    /** The pre-2.6 {@code (db N)} form names no source. */
    UNKNOWN
}
