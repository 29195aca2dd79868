package dev.stampededoctor.detectors.command;

import dev.stampededoctor.detectors.keys.ByteTable;
import dev.stampededoctor.detectors.keys.InternCache;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.monitor.SourceKind;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The cache semantics of Redis commands: for each parsed line, which keys it reads, fills,
 * invalidates or changes the TTL of, reported to a {@link CacheEffects}. It also ties {@code lua}
 * lines to the client that ran the script and groups MULTI…EXEC.
 *
 * <p>Commands it does not know, and known commands with arguments Redis would reject, have no
 * effect beyond {@link CacheEffects#command}.
 */
public final class CommandModel {
    private static final byte[] NX = ascii("NX");
    private static final byte[] XX = ascii("XX");
    private static final byte[] GT = ascii("GT");
    private static final byte[] LT = ascii("LT");
    private static final byte[] GET = ascii("GET");
    private static final byte[] EX = ascii("EX");
    private static final byte[] PX = ascii("PX");
    private static final byte[] EXAT = ascii("EXAT");
    private static final byte[] PXAT = ascii("PXAT");
    private static final byte[] KEEPTTL = ascii("KEEPTTL");
    private static final byte[] PERSIST = ascii("PERSIST");
    private static final int MAX_CLIENTS = 1 << 20;
    private static final byte[] DEL_NAME = ascii("DEL");
    private static final byte[] UNLINK_NAME = ascii("UNLINK");

    private final ByteTable clients = new ByteTable(MAX_CLIENTS);
    private final InternCache recentClients = new InternCache(clients);
    private final int unknownClient;
    private final int luaClient;
    private final CacheCommand cmd = new CacheCommand();
    private final Map<Integer, Long> openTransactions = new HashMap<>();
    private long lastTransactionId;
    /** Per node (see {@link #inputNode}): the client running the script whose {@code lua} lines follow, and that run. */
    private int[] scriptCallers = new int[1];
    private int[] scriptRunOf = new int[1];
    /** Scripts run so far by clients (not nested calls): the unit id of their {@code lua} lines. */
    private int scriptRuns;
    /**
     * Replicas' links to their masters as MONITOR names them ({@code ip:port}); empty when not a
     * replica's capture. Several when a scan reads several replicas (a cluster's) at once.
     */
    private byte[][] masterLinks = new byte[0][];
    /** Input index → node tag: 0 for an input of no node (one server), else one tag per node. */
    private int[] inputNodes = new int[0];

    public CommandModel() {
        unknownClient = clients.intern(0, new byte[0], 0, 0);
        luaClient = clients.intern(0, ascii("lua"), 0, 3);
        scriptCallers[0] = luaClient;
    }

    /**
     * Input {@code input} was recorded on node {@code node} (a small tag, 1 and up; 0 for none). A
     * client source is a connection of one node: the same {@code ip:port} in the captures of two
     * nodes are two connections, and a node's {@code lua} lines belong to the script that node
     * runs. Call before the input's lines.
     */
    public void inputNode(int input, int node) {
        if (input >= inputNodes.length) {
            inputNodes = java.util.Arrays.copyOf(inputNodes, Math.max(input + 1, inputNodes.length * 2));
        }
        inputNodes[input] = node;
        if (node >= scriptCallers.length) {
            int from = scriptCallers.length;
            scriptCallers = java.util.Arrays.copyOf(scriptCallers, node + 1);
            scriptRunOf = java.util.Arrays.copyOf(scriptRunOf, node + 1);
            java.util.Arrays.fill(scriptCallers, from, node + 1, luaClient);
        }
    }

    /** The node tag of a line's input; 0 without nodes. */
    private int nodeOf(MonitorLine line) {
        int input = line.input();
        return input < inputNodes.length ? inputNodes[input] : 0;
    }

    /**
     * The capture is a replica's and {@code address} ({@code ip:port}, CLIENT LIST's {@code flags=M}
     * client) is its master's link: single-key DEL/UNLINK from it in capitals may be expiries.
     */
    public void masterLink(String address) {
        masterLinks(address == null ? java.util.List.of() : java.util.List.of(address));
    }

    /** As {@link #masterLink}, for several replicas' links read at once. */
    public void masterLinks(java.util.Collection<String> addresses) {
        masterLinks = addresses.stream().map(a -> a.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    }

    /**
     * Interned client sources ({@code ip:port}, {@code unix:/path}), each tagged with its node
     * ({@link #inputNode}; 0 without nodes); id 0 is the unknown source, 1 {@code lua}.
     */
    public ByteTable clients() {
        return clients;
    }

    /** Interprets one line, reports its effects to {@code effects}, and returns the reused view. */
    public CacheCommand apply(MonitorLine line, CacheEffects effects) {
        CacheCommand c = cmd;
        c.line = line;
        c.type = CommandTable.lookup(line.argBuffer(), line.argOffset(0), line.argLength(0));
        c.fromScript = line.sourceKind() == SourceKind.LUA;
        int node = nodeOf(line);
        c.clientId = clientOf(line, node);
        c.transactionId = openTransactions.isEmpty() ? 0 : openTransactions.getOrDefault(c.clientId, 0L);
        // Transactions even, script runs odd: one space of unit ids.
        c.unitId = c.transactionId != 0 ? (int) (c.transactionId << 1) : c.fromScript ? scriptRunOf[node] << 1 | 1 : 0;
        effects.command(c);
        interpret(c, line, effects);
        return c;
    }

    private int clientOf(MonitorLine line, int node) {
        return switch (line.sourceKind()) {
            case LUA -> scriptCallers[node];
            case UNKNOWN -> unknownClient;
            default -> {
                int id = recentClients.intern(node, line.sourceBuffer(), line.sourceOffset(), line.sourceLength());
                yield id == ByteTable.FULL ? unknownClient : id;
            }
        };
    }

    private boolean masterExpiryForm(MonitorLine line, int argc) {
        if (argc != 2 || !fromMasterLink(line)) {
            return false;
        }
        byte[] name = line.argLength(0) == 3 ? DEL_NAME : UNLINK_NAME;
        return line.argLength(0) == name.length && java.util.Arrays.equals(line.argBuffer(), line.argOffset(0),
                line.argOffset(0) + name.length, name, 0, name.length);
    }

    private boolean fromMasterLink(MonitorLine line) {
        for (byte[] link : masterLinks) {
            if (line.sourceLength() == link.length && java.util.Arrays.equals(line.sourceBuffer(), line.sourceOffset(),
                    line.sourceOffset() + line.sourceLength(), link, 0, link.length)) {
                return true;
            }
        }
        return false;
    }

    private void interpret(CacheCommand c, MonitorLine line, CacheEffects fx) {
        int argc = line.argCount();
        switch (c.type) {
            case GET, GETRANGE, STRLEN, HGET, HMGET, HGETALL, HEXISTS, HKEYS, HVALS, HLEN -> {
                if (argc >= 2) {
                    fx.read(c, 1);
                }
            }
            case MGET, EXISTS -> {
                for (int i = 1; i < argc; i++) {
                    fx.read(c, i);
                }
            }
            case GETDEL -> {
                if (argc == 2) {
                    fx.read(c, 1);
                    fx.invalidate(c, 1, Invalidation.GETDEL);
                }
            }
            case GETSET -> {
                if (argc == 3) {
                    fx.read(c, 1);
                    fx.fill(c, 1, FillMode.ALWAYS, Ttl.PERSIST);
                }
            }
            case GETEX -> getex(c, line, fx);
            case SET -> set(c, line, fx);
            case SETEX, PSETEX -> {
                if (argc == 4) {
                    long amount = line.argAsLong(2);
                    if (amount > 0) {
                        long unit = c.type == CommandType.SETEX ? 1_000_000L : 1_000L;
                        fx.fill(c, 1, FillMode.ALWAYS, line.timestampMicros() + micros(amount, unit));
                    }
                }
            }
            case SETNX -> {
                if (argc == 3) {
                    fx.fill(c, 1, FillMode.IF_ABSENT, Ttl.PERSIST);
                }
            }
            case MSET, MSETNX -> {
                if (argc >= 3 && argc % 2 == 1) {
                    FillMode mode = c.type == CommandType.MSET ? FillMode.ALWAYS : FillMode.IF_ABSENT;
                    for (int i = 1; i < argc; i += 2) {
                        fx.fill(c, i, mode, Ttl.PERSIST);
                    }
                }
            }
            case HSET, HMSET, HSETNX -> {
                if (argc >= 4 && argc % 2 == 0) {
                    fx.fill(c, 1, FillMode.FIELD, Ttl.KEEP);
                }
            }
            case EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT -> expire(c, line, fx);
            case PERSIST -> {
                if (argc == 2) {
                    fx.ttl(c, 1, Ttl.PERSIST, ExpireCondition.ALWAYS);
                }
            }
            case DEL, UNLINK -> {
                Invalidation cause = masterExpiryForm(line, argc) ? Invalidation.MASTER_EXPIRY_FORM
                        : c.type == CommandType.DEL ? Invalidation.DEL : Invalidation.UNLINK;
                for (int i = 1; i < argc; i++) {
                    fx.invalidate(c, i, cause);
                }
            }
            case FLUSHDB -> fx.flush(c, line.db());
            case FLUSHALL -> fx.flush(c, CacheCommand.ALL_DBS);
            case RENAME, RENAMENX -> {
                if (argc == 3) {
                    fx.invalidate(c, 1, Invalidation.RENAME_AWAY);
                    fx.fill(c, 2, c.type == CommandType.RENAME ? FillMode.ALWAYS : FillMode.IF_ABSENT, Ttl.CARRIED);
                }
            }
            case MULTI -> openTransactions.put(c.clientId, ++lastTransactionId);
            case EXEC, DISCARD -> openTransactions.remove(c.clientId);
            case EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, FCALL, FCALL_RO -> {
                if (!c.fromScript) {
                    int node = nodeOf(line);
                    scriptCallers[node] = c.clientId;
                    scriptRunOf[node] = ++scriptRuns;
                }
            }
            case OTHER -> {
                // Counted by the caller; no cache meaning.
            }
        }
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]. */
    private static void set(CacheCommand c, MonitorLine line, CacheEffects fx) {
        int argc = line.argCount();
        if (argc < 3) {
            return;
        }
        FillMode mode = FillMode.ALWAYS;
        boolean get = false;
        long ttl = Ttl.PERSIST;
        for (int i = 3; i < argc; i++) {
            if (line.argEqualsIgnoreCase(i, NX)) {
                mode = FillMode.IF_ABSENT;
            } else if (line.argEqualsIgnoreCase(i, XX)) {
                mode = FillMode.IF_PRESENT;
            } else if (line.argEqualsIgnoreCase(i, GET)) {
                get = true;
            } else if (line.argEqualsIgnoreCase(i, KEEPTTL)) {
                ttl = Ttl.KEEP;
            } else if (i + 1 < argc) {
                long expiry = expiryOption(line, i);
                if (expiry == Long.MIN_VALUE) {
                    return; // Redis rejects the command: nothing happened.
                }
                ttl = expiry;
                i++;
            } else {
                return;
            }
        }
        if (get) {
            fx.read(c, 1);
        }
        fx.fill(c, 1, mode, ttl);
    }

    /** GETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST]. */
    private static void getex(CacheCommand c, MonitorLine line, CacheEffects fx) {
        int argc = line.argCount();
        if (argc < 2) {
            return;
        }
        fx.read(c, 1);
        if (argc == 3 && line.argEqualsIgnoreCase(2, PERSIST)) {
            fx.ttl(c, 1, Ttl.PERSIST, ExpireCondition.ALWAYS);
        } else if (argc == 4) {
            long expiry = expiryOption(line, 2);
            if (expiry != Long.MIN_VALUE) {
                fx.ttl(c, 1, expiry, ExpireCondition.ALWAYS);
            }
        }
    }

    /**
     * Reads an {@code EX|PX|EXAT|PXAT <n>} pair at {@code i} as an expiry instant. Returns
     * {@link Long#MIN_VALUE} for anything Redis rejects, including a non-positive value.
     */
    private static long expiryOption(MonitorLine line, int i) {
        long n = line.argAsLong(i + 1);
        if (n <= 0 || n == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        if (line.argEqualsIgnoreCase(i, EX)) {
            return line.timestampMicros() + micros(n, 1_000_000L);
        } else if (line.argEqualsIgnoreCase(i, PX)) {
            return line.timestampMicros() + micros(n, 1_000L);
        } else if (line.argEqualsIgnoreCase(i, EXAT)) {
            return micros(n, 1_000_000L);
        } else if (line.argEqualsIgnoreCase(i, PXAT)) {
            return micros(n, 1_000L);
        }
        return Long.MIN_VALUE;
    }

    /** EXPIRE/PEXPIRE key n, EXPIREAT/PEXPIREAT key t, each with an optional NX|XX|GT|LT. */
    private static void expire(CacheCommand c, MonitorLine line, CacheEffects fx) {
        int argc = line.argCount();
        if (argc != 3 && argc != 4) {
            return;
        }
        long n = line.argAsLong(2);
        if (n == Long.MIN_VALUE) {
            return;
        }
        ExpireCondition condition = ExpireCondition.ALWAYS;
        if (argc == 4) {
            if (line.argEqualsIgnoreCase(3, NX)) {
                condition = ExpireCondition.NX;
            } else if (line.argEqualsIgnoreCase(3, XX)) {
                condition = ExpireCondition.XX;
            } else if (line.argEqualsIgnoreCase(3, GT)) {
                condition = ExpireCondition.GT;
            } else if (line.argEqualsIgnoreCase(3, LT)) {
                condition = ExpireCondition.LT;
            } else {
                return;
            }
        }
        long now = line.timestampMicros();
        long expiry = switch (c.type) {
            case EXPIRE -> now + micros(n, 1_000_000L);
            case PEXPIRE -> now + micros(n, 1_000L);
            case EXPIREAT -> micros(n, 1_000_000L);
            default -> micros(n, 1_000L);
        };
        if (expiry <= now) {
            // Redis deletes the key at once (and notifies "del", not "expired").
            fx.invalidate(c, 1, Invalidation.EXPIRE_PAST);
        } else {
            fx.ttl(c, 1, expiry, condition);
        }
    }

    /**
     * {@code n * unit}, clamped to a quarter of the long range so that adding a timestamp cannot
     * overflow: a TTL of centuries is as good as none for stampede detection.
     */
    private static long micros(long n, long unit) {
        long limit = Long.MAX_VALUE / 4 / unit;
        return Math.max(-limit, Math.min(limit, n)) * unit;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
