package dev.stampededoctor.cli.completion;

import picocli.AutoComplete;
import picocli.CommandLine;

/** The shells {@code stampede-doctor completion} writes a script for, and the file each one is installed as. */
public enum Shell {
    bash {
        @Override
        public String script(CommandLine root) {
            return AutoComplete.bash(root.getCommandName(), root);
        }

        @Override
        public String fileName(String command) {
            return command + ".bash";
        }
    },
    zsh {
        @Override
        public String script(CommandLine root) {
            return ZshCompletion.script(root.getCommandSpec());
        }

        @Override
        public String fileName(String command) {
            // zsh autoloads completion functions from $fpath by this name.
            return "_" + command;
        }
    },
    fish {
        @Override
        public String script(CommandLine root) {
            return FishCompletion.script(root.getCommandSpec());
        }

        @Override
        public String fileName(String command) {
            return command + ".fish";
        }
    };

    /** The completion script for the command tree under {@code root}. */
    public abstract String script(CommandLine root);

    /** The file name the script is installed under, for the command named {@code command}. */
    public abstract String fileName(String command);
}
