package dev.stampededoctor.cli.jitter;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Base64;

/**
 * One line of a jitter journal: in {@code db}, {@code key} (base64 of its bytes: lossless) had
 * {@code ttlMs} left at {@code at} (epoch ms) and was about to get {@code newTtlMs}.
 * {@code keyText} is for people only. On a Redis Cluster, {@code node} is the primary
 * ({@code host:port} as the cluster announces it) the change was sent to first: the owner of the
 * key's slot as far as apply knew; a slot moving meanwhile makes it follow the redirect, and undo
 * goes by the key, not by this. Absent for one server.
 */
public record JournalEntry(int db, String key, String keyText, long ttlMs, long newTtlMs, long at,
        @JsonInclude(JsonInclude.Include.NON_NULL) String node) {

    public byte[] keyBytes() {
        return Base64.getDecoder().decode(key);
    }
}
