package dev.stampededoctor.cli.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FishCompletionTest {
    private final List<String> lines = FishCompletion.script(TestTrees.tool()).lines().toList();

    private List<String> completions(String condition) {
        String prefix = "complete -c 'tool' -n '" + condition + "' ";
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    @Test
    void the_root_offers_its_visible_subcommands_and_no_files_until_one_is_typed() {
        List<String> root = completions("not __fish_seen_subcommand_from scan cache");
        assertThat(root).contains("-f -a 'scan' -d 'Scan a live server'", "-f -a 'cache' -d 'Cache operations'");
        assertThat(String.join("\n", lines)).doesNotContain("internal", "secret");
    }

    @Test
    void an_option_with_candidates_completes_them_and_never_files() {
        assertThat(completions("not __fish_seen_subcommand_from scan cache"))
                .contains("-s 'p' -l 'policy' -x -a 'ttl-jitter write-through lock' -d 'The fix to simulate: ttl-jitter, write-through, lock'");
    }

    @Test
    void flags_take_no_value_and_file_options_complete_files() {
        List<String> scan = completions("__fish_seen_subcommand_from scan");
        assertThat(scan).contains("-l 'out' -r -F -d 'Where to write'", "-l 'tag' -x -d 'Repeatable'");
        assertThat(completions("not __fish_seen_subcommand_from scan cache"))
                .contains("-l 'dry-run' -d 'Change nothing'");
    }

    @Test
    void quotes_and_backslashes_are_escaped_for_fish() {
        assertThat(completions("__fish_seen_subcommand_from scan"))
                .contains("-l 'label' -x -d 'A label with \\'quotes\\' and a \\\\ backslash [bracketed]'");
    }

    @Test
    void nested_commands_need_their_whole_path_and_stop_at_their_own_subcommands() {
        assertThat(completions("__fish_seen_subcommand_from cache; and not __fish_seen_subcommand_from flush show"))
                .contains("-f -a 'flush' -d 'Flush entries'", "-f -a 'show' -d 'Show one key\\'s state'");
        assertThat(completions("__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from flush"))
                .contains("-l 'all' -d 'Every entry'", "-f");
    }

    @Test
    void a_command_without_file_parameters_turns_file_completion_off() {
        // show's KEY is a string: fish must not offer file names for it.
        assertThat(completions("__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from show")).contains("-f");
        // scan has no parameter at all.
        assertThat(completions("__fish_seen_subcommand_from scan")).contains("-f");
    }
}
