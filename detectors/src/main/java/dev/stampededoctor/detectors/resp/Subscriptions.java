package dev.stampededoctor.detectors.resp;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The channels, patterns and shard channels one connection is subscribed to, as its requests
 * say. A RESP2 connection in pub/sub mode takes only (un)subscribe commands, PING, QUIT and
 * RESET; once the last subscription goes, it takes commands again: pooled clients (Jedis) hand
 * such a connection back to the pool, and its next user's GETs are cache traffic.
 */
final class Subscriptions {
    private final Set<String> channels = new HashSet<>();
    private final Set<String> patterns = new HashSet<>();
    private final Set<String> shardChannels = new HashSet<>();

    /** Applies a request of verb {@code verb}: a subscription command or RESET changes the sets. */
    void apply(Verb verb, RequestArgs args) {
        switch (verb) {
            case SUBSCRIBE -> add(channels, args);
            case PSUBSCRIBE -> add(patterns, args);
            case SSUBSCRIBE -> add(shardChannels, args);
            case UNSUBSCRIBE -> remove(channels, args);
            case PUNSUBSCRIBE -> remove(patterns, args);
            case SUNSUBSCRIBE -> remove(shardChannels, args);
            case RESET -> {
                channels.clear();
                patterns.clear();
                shardChannels.clear();
            }
            default -> {
                // no subscription command
            }
        }
    }

    boolean none() {
        return channels.isEmpty() && patterns.isEmpty() && shardChannels.isEmpty();
    }

    /** Whether {@code verb}'s confirmations are pushes in RESP3 (never a reply to pair). */
    static boolean confirmedByPush(Verb verb) {
        return switch (verb) {
            case SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, UNSUBSCRIBE, PUNSUBSCRIBE, SUNSUBSCRIBE -> true;
            default -> false;
        };
    }

    private static void add(Set<String> set, RequestArgs args) {
        for (int i = 1; i < args.count; i++) {
            set.add(name(args, i));
        }
    }

    private static void remove(Set<String> set, RequestArgs args) {
        if (args.count == 1) {
            set.clear(); // no names: every one of that kind
        }
        for (int i = 1; i < args.count; i++) {
            set.remove(name(args, i));
        }
    }

    private static String name(RequestArgs args, int i) {
        return new String(args.arena, args.offsets[i], args.lengths[i], StandardCharsets.ISO_8859_1);
    }
}
