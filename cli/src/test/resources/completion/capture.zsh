# Completes a command line in a real interactive zsh and writes the matches it offers to a file.
#
#   zsh -f capture.zsh FPATH_DIR OUT_FILE SCRIPT_TO_SOURCE_OR_EMPTY 'command line'
#
# zsh completes only inside its line editor, so the line is typed, TAB included, into a zsh
# running under zpty. compadd is wrapped to append each match it receives to OUT_FILE, and a
# key bound after TAB creates OUT_FILE.done. Exits 0 once OUT_FILE.done exists, 1 after 10 s.
zmodload zsh/zpty || exit 3
zpty sd zsh -f -i
zpty -w sd "fpath=(${(q)1} \$fpath); PROMPT=; RPROMPT=; __out=${(q)2}"
zpty -w sd "autoload -U compinit && compinit -u -D; ${3:+source ${(q)3}}"
# compadd calls that only collect matches (-O, -A, -D) are helpers; every other one offers them.
zpty -w sd 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi; local -a __m; builtin compadd -O __m "$@"; (( $#__m )) && print -rl -- $__m >> $__out; builtin compadd "$@"; }'
zpty -w sd 'sd-done() { : > $__out.done; }; zle -N sd-done; bindkey "^X" sd-done; bindkey "^I" complete-word'
zpty -n -w sd "$4"$'\t'$'\x18'
integer i
for i in {1..200}; do
  zpty -r -t sd line 2>/dev/null
  [[ -e $2.done ]] && break
  sleep 0.05
done
zpty -d sd
[[ -e $2.done ]]
