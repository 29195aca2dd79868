#compdef stampede-doctor
# zsh completion for stampede-doctor, generated from its picocli model at build time; do not edit.
# Install: save as _stampede-doctor in a directory on $fpath (before compinit runs),
# or after compinit: source <(stampede-doctor completion zsh)

_stampede-doctor() {
  local curcontext=$curcontext state line ret=1
  typeset -A opt_args
  _arguments -C -s -S \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '(- *)'{-h,--help}'[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '1: :->command' \
    '*:: :->args' && return

  case $state in
    command)
      local -a commands=(
        'analyze:Analyse a recorded Redis MONITOR capture'
        'completion:Print the shell completion script for bash, zsh or fish'
      )
      _describe -t commands 'stampede-doctor command' commands && ret=0
      ;;
    args)
      curcontext=${curcontext%:*:*}:stampede-doctor-$line[1]:
      case $line[1] in
        analyze) _stampede-doctor_analyze && ret=0 ;;
        completion) _stampede-doctor_completion && ret=0 ;;
      esac
      ;;
  esac
  return ret
}

_stampede-doctor_analyze() {
  _arguments -s -S \
    '(-f --format)'{-f+,--format=}'[Report format: text, json, markdown]:FORMAT:(text json markdown)' \
    '--top=[Key patterns listed in the report, busiest first (default: 50)]:N: ' \
    '--bad-lines=[Malformed lines quoted in the report (default: 10)]:N: ' \
    '--max-keys=[Distinct keys remembered; past it key counts are lower bounds (default: 4000000)]:N: ' \
    '--max-line-bytes=[Longer lines are reported as malformed and skipped (default: 4194304)]:BYTES: ' \
    '--min-rebuilds=[Rebuilds of one key in one miss episode that make a stampede or herd; at least 2 (default: 3)]:N: ' \
    '--min-cluster-keys=[Keys of one pattern expiring together that make a coordinated-expiry herd (default: 20)]:N: ' \
    '--replica[The capture comes from a replica: DELs from the master'\''s link may be expiries, so invalidation stampedes get a lower confidence]' \
    '--no-progress[Never show the progress line on stderr]' \
    '(- *)'{-h,--help}'[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '*:FILE:_files'
}

_stampede-doctor_completion() {
  _arguments -s -S \
    '(- *)'{-h,--help}'[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '1:SHELL:(bash zsh fish)'
}

if [ "$funcstack[1]" = "_stampede-doctor" ]; then
  _stampede-doctor "$@"
else
  compdef _stampede-doctor stampede-doctor
fi
