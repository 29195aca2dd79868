package dev.stampededoctor.detectors.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class VerbTest {

    @Test
    void finds_every_verb_in_any_case_anywhere_in_a_buffer_and_nothing_close_to_it() {
        for (Verb verb : Verb.values()) {
            if (verb == Verb.OTHER) {
                continue;
            }
            String name = verb.name();
            for (String spelled : new String[] {name, name.toLowerCase(Locale.ROOT), mixed(name)}) {
                byte[] alone = ascii(spelled);
                assertThat(Verb.of(alone, 0, alone.length)).as(spelled).isEqualTo(verb);
                byte[] inside = ascii("xx" + spelled + "yyyyyyyyyyyyyyyy");
                assertThat(Verb.of(inside, 2, alone.length)).as(spelled).isEqualTo(verb);
                assertThat(Verb.of(inside, 2, alone.length + 1)).as(spelled + "y").isEqualTo(Verb.OTHER);
                assertThat(Verb.of(inside, 2, alone.length - 1)).as(spelled + " less its last byte")
                        .isEqualTo(named(name.substring(0, name.length() - 1)));
            }
        }
    }

    @Test
    void any_other_name_or_none_is_other() {
        for (String s : new String[] {"", "GETS", "GE", "SUBSCRIBEX", "HELLO WORLD", "MGET\0", "EXEC\n", "ÉXEC",
                "A_VERY_LONG_COMMAND_NAME_INDEED"}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertThat(Verb.of(b, 0, b.length)).as(s).isEqualTo(Verb.OTHER);
        }
        assertThat(Verb.of(new RequestArgs())).isEqualTo(Verb.OTHER);
    }

    @Test
    void a_request_is_named_by_its_first_argument() {
        RequestArgs args = new RequestArgs();
        args.begin();
        args.append(ascii("hGetAll"), 0, 7);
        args.begin();
        args.append(ascii("GET"), 0, 3);
        assertThat(Verb.of(args)).isEqualTo(Verb.HGETALL);
    }

    /** The verb of that name, else OTHER: what a lookup must find. */
    private static Verb named(String name) {
        for (Verb v : Verb.values()) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return Verb.OTHER;
    }

    private static String mixed(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            b.append(i % 2 == 0 ? Character.toLowerCase(ch) : ch);
        }
        return b.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
