# fish completion for stampede-doctor, generated from its picocli model at build time; do not edit.
# Install: copy to ~/.config/fish/completions/stampede-doctor.fish,
# or for this session only: stampede-doctor completion fish | source

# stampede-doctor
complete -c 'stampede-doctor' -n 'not __fish_seen_subcommand_from analyze completion' -f -a 'analyze' -d 'Analyse a recorded Redis MONITOR capture'
complete -c 'stampede-doctor' -n 'not __fish_seen_subcommand_from analyze completion' -f -a 'completion' -d 'Print the shell completion script for bash, zsh or fish'
complete -c 'stampede-doctor' -n 'not __fish_seen_subcommand_from analyze completion' -l 'verbose' -d 'Show stack traces and diagnostic detail on stderr'
complete -c 'stampede-doctor' -n 'not __fish_seen_subcommand_from analyze completion' -s 'h' -l 'help' -d 'Show this help message and exit'
complete -c 'stampede-doctor' -n 'not __fish_seen_subcommand_from analyze completion' -s 'V' -l 'version' -d 'Print version information and exit'

# stampede-doctor analyze
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -s 'f' -l 'format' -x -a 'text json markdown' -d 'Report format: text, json, markdown'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -l 'top' -x -d 'Key patterns listed in the report, busiest first (default: 50)'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -l 'bad-lines' -x -d 'Malformed lines quoted in the report (default: 10)'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -l 'max-keys' -x -d 'Distinct keys remembered; past it key counts are lower bounds (default: 4000000)'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -l 'max-line-bytes' -x -d 'Longer lines are reported as malformed and skipped (default: 4194304)'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -l 'min-rebuilds' -x -d 'Rebuilds of one key in one miss episode that make a stampede or herd; at least 2 (default: 3)'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -l 'min-cluster-keys' -x -d 'Keys of one pattern expiring together that make a coordinated-expiry herd (default: 20)'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -l 'replica' -d 'The capture comes from a replica: DELs from the master\'s link may be expiries, so invalidation stampedes get a lower confidence'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -l 'no-progress' -d 'Never show the progress line on stderr'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -s 'h' -l 'help' -d 'Show this help message and exit'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -s 'V' -l 'version' -d 'Print version information and exit'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from analyze' -l 'verbose' -d 'Show stack traces and diagnostic detail on stderr'

# stampede-doctor completion
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from completion' -s 'h' -l 'help' -d 'Show this help message and exit'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from completion' -s 'V' -l 'version' -d 'Print version information and exit'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from completion' -l 'verbose' -d 'Show stack traces and diagnostic detail on stderr'
complete -c 'stampede-doctor' -n '__fish_seen_subcommand_from completion' -f -a 'bash zsh fish'
