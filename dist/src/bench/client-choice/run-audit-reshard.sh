#!/bin/bash
# The read path under resharding, both clients: the project's `ttl-audit` and LettuceAudit alternated back
# to back while redis-cli moves 3000 slots (20000 keys with TTLs + 40000 without, to make it last). usage: run-audit-reshard.sh [PIPELINE]
cd "$(dirname "$0")"; . ./env.sh
P=${URL##*:}; pipeline=${1:-1}
for p in $(cat cluster/ports); do redis-cli -p $p flushall >/dev/null 2>&1; done
{ for i in $(seq 0 19999); do echo "SET rk:$i v PX $((3600000 + i))"; done; for i in $(seq 0 39999); do echo "SET pad:$i p"; done; } | redis-cli -c -p $P >/dev/null
read from to < <(redis-cli -p $P cluster nodes | awk '$3 ~ /master/ { n=0; for (i=9;i<=NF;i++) { split($i,r,"-"); n += (r[2]==""?1:r[2]-r[1]+1) } print n, $1 }' \
   | sort -k1,1n -k2 | awk 'NR==1{to=$2} {from=$2} END{print from, to}')
redis-cli --cluster reshard 127.0.0.1:$P --cluster-from $from --cluster-to $to --cluster-slots 3000 --cluster-pipeline $pipeline --cluster-yes >build/audit-reshard-cli.log 2>&1 &
rp=$!
n=0
while kill -0 $rp 2>/dev/null; do
  n=$((n+1))
  $DIST/bin/stampede-doctor ttl-audit --redis $URL --format json >build/own-audit.json 2>build/own-audit.err
  echo "own     run $n rc=$? scanned=$(grep -m1 '"scanned"' build/own-audit.json | tr -dc 0-9) vanished=$(grep -m1 '"vanished"' build/own-audit.json | tr -dc 0-9) $(head -c 200 build/own-audit.err | tr '\n' ' ')"
  kill -0 $rp 2>/dev/null || break
  out=$(java $JFLAGS -cp "$B/build/lettuce-discover.jar:$B/lib/*" LettuceAudit $URL 2>/dev/null); echo "lettuce run $n rc=$? $out"
done
wait $rp; echo "reshard rc=$? (pipeline $pipeline)"
