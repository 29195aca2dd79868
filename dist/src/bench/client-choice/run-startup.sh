#!/bin/bash
# Part 1: whole-process wall time, first result, RSS; N alternated rounds (default 21).
cd "$(dirname "$0")"; . ./env.sh
N=${1:-21}
SDARGS="--redis $URL"
./bench.py $N \
  own-nocds      "java $JFLAGS -Dt0={t0} -cp '$OWN_CP' OwnDiscover $URL" \
  lettuce-nocds  "java $JFLAGS -Dt0={t0} -cp '$LET_CP' LettuceDiscover $URL" \
  own-appcds     "java $JFLAGS -XX:SharedArchiveFile=build/own.jsa -Dt0={t0} -cp '$OWN_CP' OwnDiscover $URL" \
  lettuce-appcds "java $JFLAGS -XX:SharedArchiveFile=build/lettuce.jsa -Dt0={t0} -cp '$LET_CP' LettuceDiscover $URL" \
  lettuce-tuned-nocds  "java $JFLAGS $TUNED -Dt0={t0} -cp '$LET_CP' LettuceDiscover $URL" \
  lettuce-tuned-appcds "java $JFLAGS $TUNED -XX:SharedArchiveFile=build/lettuce-tuned.jsa -Dt0={t0} -cp '$LET_CP' LettuceDiscover $URL"
