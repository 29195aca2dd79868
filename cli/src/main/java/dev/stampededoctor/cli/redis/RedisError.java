package dev.stampededoctor.cli.redis;

/** An error reply ({@code -ERR …}), returned in pipelines where one failure must not end the rest. */
public record RedisError(String message) {
}
