#!/bin/bash
# Part 2 matrix: refresh off/default(7.7: adaptive, 5 s)/adaptive1s/periodic(1 s) x PEXPIREAT/EVALSHA, writes spread over the keyspace
# (redis-cli default pipeline 10) and writes all in the moving slots (10 padding keys a slot, pipeline 1).
cd "$(dirname "$0")"
uptime
for target in spread moving; do
  for op in pexpire evalsha; do
    for refresh in ${REFRESHES:-off default adaptive1s periodic own}; do
      if [ $target = spread ]; then ./run-reshard.sh $refresh $op 8 3000 4 spread 0 10
      else ./run-reshard.sh $refresh $op 12 3000 4 moving 10 1; fi
      echo
    done
  done
done
uptime
