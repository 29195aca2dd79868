package dev.stampededoctor.cli.manpage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

class ManPageTest {

    private static CommandSpec tool() {
        CommandSpec root = CommandSpec.create().name("tool").mixinStandardHelpOptions(true);
        root.usageMessage().header("Do things.").description("First paragraph.%nSecond paragraph.")
                .footerHeading("%nExamples:%n").footer("  tool sub x", "    tool sub -n 3 y   # indented more")
                .exitCodeListHeading("Exit codes:%n").exitCodeList(Map.of(" 0", "Fine."));
        root.addOption(OptionSpec.builder("-n", "--count").paramLabel("N").type(int.class).defaultValue("2")
                .description("How many (default: ${DEFAULT-VALUE}).").build());
        root.addOption(OptionSpec.builder("--secret").hidden(true).build());
        CommandSpec sub = CommandSpec.create();
        sub.usageMessage().header("A subcommand.");
        sub.addPositional(PositionalParamSpec.builder().paramLabel("ITEM").type(String[].class).arity("1..*")
                .description(".dotted start").build());
        root.addSubcommand("sub", sub);
        new CommandLine(root);
        return root;
    }

    @Test
    void the_page_has_the_sections_man_readers_expect() {
        String page = ManPage.render(tool(), "1.2.3", "2026-11-23");
        assertThat(page).contains(".TH \"TOOL\" 1 \"2026\\-11\\-23\" \"tool 1.2.3\" \"User Commands\"\n",
                ".SH NAME\ntool \\- Do things\n", ".SH SYNOPSIS\n", ".SH DESCRIPTION\n.PP\nFirst paragraph.\n.PP\nSecond paragraph.\n",
                ".SH OPTIONS\n", ".SH COMMANDS\n.TP\n\\fBsub\\fR\nA subcommand. See \\fBtool\\-sub\\fR(1).\n",
                ".SH EXIT STATUS\n.TP\n\\fB0\\fR\nFine.\n", ".SH SEE ALSO\n\\fBtool\\-sub\\fR(1)\n");
    }

    @Test
    void options_show_every_name_their_value_and_rendered_description() {
        String page = ManPage.render(tool(), "1", "2026-01-01");
        assertThat(page).contains(".TP\n\\fB\\-n\\fR, \\fB\\-\\-count\\fR=\\fIN\\fR\nHow many (default: 2).\n");
        assertThat(page).contains("[\\fB\\-n\\fR=\\fIN\\fR]\n").doesNotContain("secret");
    }

    @Test
    void examples_keep_their_relative_indent_unfilled() {
        String page = ManPage.render(tool(), "1", "2026-01-01");
        assertThat(page).contains(".SH EXAMPLES\n.PP\n.nf\ntool sub x\n  tool sub \\-n 3 y   # indented more\n.fi\n");
    }

    @Test
    void a_subcommand_page_is_named_by_its_path_and_points_back_to_its_parent() {
        CommandSpec sub = tool().subcommands().get("sub").getCommandSpec();
        String page = ManPage.render(sub, "1", "2026-01-01");
        assertThat(ManPage.name(sub)).isEqualTo("tool-sub");
        assertThat(page).contains(".SH NAME\ntool\\-sub \\- A subcommand\n", "\\fBtool sub\\fR\n\\fIITEM\\fR...\n",
                ".SH ARGUMENTS\n.TP\n\\fIITEM\\fR...\n\\&.dotted start\n", ".SH SEE ALSO\n\\fBtool\\fR(1)\n");
    }

    @Test
    void the_date_comes_from_maven_output_timestamp_in_either_form() {
        assertThat(ManPages.date("2026-11-23T00:00:00Z")).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(ManPages.date("2026-11-23T01:00:00+02:00")).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(ManPages.date("1795392000")).isEqualTo(LocalDate.of(2026, 11, 23));
    }
}
