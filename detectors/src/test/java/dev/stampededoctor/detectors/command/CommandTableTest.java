package dev.stampededoctor.detectors.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CommandTableTest {

    @Test
    void finds_every_command_in_any_case_anywhere_in_a_buffer_and_nothing_else() {
        for (CommandType type : CommandType.values()) {
            if (type == CommandType.OTHER) {
                continue;
            }
            String name = type.name();
            for (String spelled : new String[] {name, name.toLowerCase(Locale.ROOT), mixed(name)}) {
                byte[] at0 = spelled.getBytes(StandardCharsets.US_ASCII);
                assertThat(CommandTable.lookup(at0, 0, at0.length)).as(spelled).isEqualTo(type);
                byte[] inside = ("xx" + spelled + "yyyyyyyyyy").getBytes(StandardCharsets.US_ASCII);
                assertThat(CommandTable.lookup(inside, 2, at0.length)).as(spelled).isEqualTo(type);
                assertThat(CommandTable.lookup(inside, 2, at0.length - 1)).as(spelled).isNotEqualTo(type);
                assertThat(CommandTable.lookup(inside, 2, at0.length + 1)).as(spelled).isNotEqualTo(type);
            }
        }
        for (String other : new String[] {"PING", "LRANGE", "GETX", "SE", "EVAL-RO", "EVALSHA_RO1", "G\u00c9T", ""}) {
            byte[] b = other.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(CommandTable.lookup(b, 0, b.length)).as(other).isEqualTo(CommandType.OTHER);
        }
        // A byte that upper-cases to a letter only in Latin-1 stays itself.
        byte[] latin = {'g', (byte) 0xe5, 't'};
        assertThat(CommandTable.lookup(latin, 0, 3)).isEqualTo(CommandType.OTHER);
    }

    private static String mixed(String name) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            s.append(i % 2 == 0 ? Character.toLowerCase(c) : c);
        }
        return s.toString();
    }
}
