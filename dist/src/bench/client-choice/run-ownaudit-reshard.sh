#!/bin/bash
# The project's own read path under resharding: `stampede-doctor ttl-audit` (per-primary SCAN + PTTL with
# its own client) run back to back while redis-cli moves 3000 slots; exit codes, keys scanned, stderr.
cd "$(dirname "$0")"; . ./env.sh
# SD = the command to run (default: the packaged dist). h-jitc cd1a42f: SD="java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp $(cat build/jitc.cp) dev.stampededoctor.cli.Main"
P=${URL##*:}
for p in $(cat cluster/ports); do redis-cli -p $p flushall >/dev/null 2>&1; done
for i in $(seq 0 19999); do echo "SET rk:$i v PX $((3600000 + i))"; done | redis-cli -c -p $P >/dev/null
read from to < <(redis-cli -p $P cluster nodes | awk '$3 ~ /master/ { n=0; for (i=9;i<=NF;i++) { split($i,r,"-"); n += (r[2]==""?1:r[2]-r[1]+1) } print n, $1 }' \
   | sort -k1,1n -k2 | awk 'NR==1{to=$2} {from=$2} END{print from, to}')
redis-cli --cluster reshard 127.0.0.1:$P --cluster-from $from --cluster-to $to --cluster-slots 3000 --cluster-pipeline 1 --cluster-yes >build/own-reshard-cli.log 2>&1 &
rp=$!
n=0
while kill -0 $rp 2>/dev/null; do
  n=$((n+1))
  ${SD:-$DIST/bin/stampede-doctor} ttl-audit --redis $URL --format json >build/own-audit.json 2>build/own-audit.err
  rc=$?
  echo "run $n rc=$rc scanned=$(grep -m1 '"scanned"' build/own-audit.json | tr -dc 0-9) vanished=$(grep -m1 '"vanished"' build/own-audit.json | tr -dc 0-9) stderr: $(head -c 300 build/own-audit.err | tr '\n' ' ')"
done
wait $rp; echo "reshard rc=$?"
