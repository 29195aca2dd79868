#!/bin/bash
# Part 2: lettuce writes while redis-cli --cluster reshard moves SLOTS slots from the primary with the
# most slots to the one with the fewest.
# usage: run-reshard.sh REFRESH(off|default|adaptive1s|periodic, or own = h-jitc's SlotRouter) OP(pexpire|evalsha) [SECONDS] [SLOTS] [THREADS] [TARGET spread|moving] [PAD] [PIPELINE]
# TARGET=moving: the 20000 keys all lie in the slots being moved, PAD more keys per moving slot; PIPELINE = redis-cli --cluster-pipeline (keys per MIGRATE, default 10)
cd "$(dirname "$0")"; . ./env.sh
refresh=$1 op=$2 secs=${3:-20} slots=${4:-3000} threads=${5:-4} target=${6:-spread} pad=${7:-0} pipeline=${8:-10}
P=$(cut -d' ' -f1 cluster/ports)
for p in $(cat cluster/ports); do redis-cli -p $p flushall >/dev/null 2>&1; done  # replicas refuse: fine
read from to < <(redis-cli -p $P cluster nodes | awk '$3 ~ /master/ { n=0; for (i=9;i<=NF;i++) { split($i,r,"-"); n += (r[2]==""?1:r[2]-r[1]+1) } print n, $1 }' \
   | sort -k1,1n -k2 | awk 'NR==1{to=$2} {from=$2} END{print from, to}')
rm -f build/ready build/done
if [ $refresh = own ]; then  # h-jitc's SlotRouter on the project's own client (./build.sh with ./jitc built)
  java -XX:+UseSerialGC -cp "build/own-reshard.jar:$(cat build/jitc.cp)" OwnReshard $URL $op 20000 $secs $threads build/ready build/done $( [ $target = moving ] && echo $from $slots $pad ) \
    > build/reshard-$refresh-$op.out 2> build/reshard-$refresh-$op.err &
else
java -XX:+UseSerialGC -cp "$LET_CP" LettuceReshard $URL $refresh $op 20000 $secs $threads build/ready build/done $( [ $target = moving ] && echo $from $slots $pad ) \
  > build/reshard-$refresh-$op.out 2> build/reshard-$refresh-$op.err &
fi
jp=$!
until [ -f build/ready ]; do sleep 0.05; kill -0 $jp 2>/dev/null || { cat build/reshard-$refresh-$op.err; exit 1; }; done
t0=$(date +%s%N)
redis-cli --cluster reshard 127.0.0.1:$P --cluster-from $from --cluster-to $to --cluster-slots $slots --cluster-pipeline $pipeline --cluster-yes \
  > build/reshard-cli.log 2>&1
rc=$?
t1=$(date +%s%N)
touch build/done
wait $jp
echo "target=$target pad=$pad pipeline=$pipeline reshard rc=$rc moved=$(grep -c '^Moving slot' build/reshard-cli.log) slots in $(( (t1-t0)/1000000 )) ms ($from -> $to)"
cat build/reshard-$refresh-$op.out
grep -v SLF4J build/reshard-$refresh-$op.err | head -5
redis-cli -p $P cluster info | grep -E 'cluster_state'
