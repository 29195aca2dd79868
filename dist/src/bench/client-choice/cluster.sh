#!/bin/bash
# cluster.sh start|stop  — 3 primaries + 3 replicas from /usr/bin/redis-server on free loopback ports.
# Writes the ports to cluster/ports and pids to cluster/pids. Stop kills exactly those pids.
set -e
dir=$(cd "$(dirname "$0")" && pwd)/cluster
case $1 in
start)
  rm -rf "$dir"; mkdir -p "$dir"
  ports=$(python3 - <<'PY'
import socket
out=[]
while len(out)<6:
    s=socket.socket(); s.bind(("127.0.0.1",0)); p=s.getsockname()[1]; s.close()
    if p < 55000 and p not in out:   # cluster bus = port+10000 must also be valid
        t=socket.socket()
        try:
            t.bind(("127.0.0.1",p+10000)); out.append(p)
        except OSError: pass
        finally: t.close()
print(" ".join(map(str,out)))
PY
)
  echo "$ports" > "$dir/ports"
  for p in $ports; do
    mkdir -p "$dir/$p"
    /usr/bin/redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes \
      --cluster-config-file "$dir/$p/nodes.conf" --dir "$dir/$p" --save '' --appendonly no \
      --daemonize no --logfile "$dir/$p/log" &
    echo $! >> "$dir/pids"
  done
  for p in $ports; do until redis-cli -p "$p" ping >/dev/null 2>&1; do sleep 0.05; done; done
  args=""; for p in $ports; do args="$args 127.0.0.1:$p"; done
  redis-cli --cluster create $args --cluster-replicas 1 --cluster-yes > "$dir/create.log"
  first=${ports%% *}
  until redis-cli -p "$first" cluster info | grep -q 'cluster_state:ok'; do sleep 0.1; done
  # wait for all replicas to be in sync
  for p in $ports; do
    until redis-cli -p "$p" info replication | grep -qE 'role:master|master_link_status:up'; do sleep 0.1; done
  done
  echo "ports: $ports"
  ;;
stop)
  [ -f "$dir/pids" ] && for pid in $(cat "$dir/pids"); do kill "$pid" 2>/dev/null || true; done
  sleep 0.5; echo stopped
  ;;
esac
