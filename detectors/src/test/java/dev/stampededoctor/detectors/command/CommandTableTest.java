package dev.stampededoctor.detectors.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CommandTableTest {

    @Test
    void upper_cases_ascii_letters_a_word_at_a_time_and_leaves_every_other_byte() {
        for (int b = 0; b < 256; b++) {
            long word = 0;
            for (int k = 0; k < 8; k++) {
                // The byte under test in every position, between neighbours that could carry into it.
                word |= (long) ((k % 2 == 0 ? b : 0xff - b) & 0xff) << (8 * k);
            }
            long up = CommandTable.upper(word);
            for (int k = 0; k < 8; k++) {
                int in = (int) (word >>> (8 * k)) & 0xff;
                int expected = in >= 'a' && in <= 'z' ? in - 32 : in;
                assertThat((int) (up >>> (8 * k)) & 0xff).as("byte %d at %d", in, k).isEqualTo(expected);
            }
        }
    }

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
