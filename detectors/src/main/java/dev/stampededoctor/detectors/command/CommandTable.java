package dev.stampededoctor.detectors.command;

/**
 * Maps a command name, in any letter case, to its {@link CommandType} without allocating: an
 * open-addressing table over the upper-cased name bytes.
 */
final class CommandTable {
    private static final int SIZE = 256;
    private static final CommandType[] SLOTS = new CommandType[SIZE];

    static {
        for (CommandType type : CommandType.values()) {
            if (type == CommandType.OTHER) {
                continue;
            }
            byte[] name = type.nameBytes();
            int slot = hash(name, 0, name.length) & (SIZE - 1);
            while (SLOTS[slot] != null) {
                slot = (slot + 1) & (SIZE - 1);
            }
            SLOTS[slot] = type;
        }
    }

    private CommandTable() {
    }

    static CommandType lookup(byte[] buf, int off, int len) {
        if (len == 0 || len > 10) {
            return CommandType.OTHER;
        }
        int slot = hash(buf, off, len) & (SIZE - 1);
        while (true) {
            CommandType candidate = SLOTS[slot];
            if (candidate == null) {
                return CommandType.OTHER;
            }
            if (equalsUpper(candidate.nameBytes(), buf, off, len)) {
                return candidate;
            }
            slot = (slot + 1) & (SIZE - 1);
        }
    }

    private static int hash(byte[] buf, int off, int len) {
        int h = len;
        for (int i = 0; i < len; i++) {
            h = h * 31 + upper(buf[off + i]);
        }
        return h ^ (h >>> 7);
    }

    private static boolean equalsUpper(byte[] upperName, byte[] buf, int off, int len) {
        if (upperName.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (upperName[i] != upper(buf[off + i])) {
                return false;
            }
        }
        return true;
    }

    private static int upper(byte b) {
        return b >= 'a' && b <= 'z' ? b - 32 : b;
    }
}
