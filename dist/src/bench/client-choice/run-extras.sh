#!/bin/bash
# Part 3: lettuce with the JVM's default tiers (C2 on), lettuce/own without System.exit (JVM exits when
# non-daemon threads end: netty's globalEventExecutor lingers), and -Xshare:off for both.
cd "$(dirname "$0")"; . ./env.sh
N=${1:-15}
./bench.py $N \
  own-nocds          "java $JFLAGS -Dt0={t0} -cp '$OWN_CP' OwnDiscover $URL" \
  lettuce-nocds      "java $JFLAGS -Dt0={t0} -cp '$LET_CP' LettuceDiscover $URL" \
  own-noexit         "java $JFLAGS -DnoExit=true -Dt0={t0} -cp '$OWN_CP' OwnDiscover $URL" \
  lettuce-noexit     "java $JFLAGS -DnoExit=true -Dt0={t0} -cp '$LET_CP' LettuceDiscover $URL" \
  lettuce-c2         "java -XX:+UseSerialGC -Dt0={t0} -cp '$LET_CP' LettuceDiscover $URL" \
  own-xshareoff      "java $JFLAGS -Xshare:off -Dt0={t0} -cp '$OWN_CP' OwnDiscover $URL" \
  lettuce-xshareoff  "java $JFLAGS -Xshare:off -Dt0={t0} -cp '$LET_CP' LettuceDiscover $URL"
