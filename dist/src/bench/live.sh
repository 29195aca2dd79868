#!/usr/bin/env bash
# Issue 19's packet and live figures, on throwaway servers on loopback (see docs/benchmark.md):
#   1. the packet reader: a tcpdump capture of redis-benchmark (set, get), analysed ROUNDS times;
#   2. scan at redis-benchmark saturation, one Redis: MONITOR, keyspace events, tcpdump;
#   3. scan of a 3-primary cluster at redis-benchmark --cluster saturation.
#
#   sudo dist/src/bench/live.sh          (from the repository root, after ./mvnw package)
#
# Needs redis-server, redis-cli, redis-benchmark, tcpdump (root, for the capture and the tcpdump
# scan), jq and python3. Environment: BENCH_DIR (/tmp/sd-bench; the pcap is kept there for the
# next run, delete it to record afresh), REQUESTS (750000 per test for the pcap), ROUNDS (6),
# SECONDS_EACH (10), SD (the built launcher). Every server it starts is stopped on every exit.
set -euo pipefail
cd "$(dirname "$0")/../../.."

BENCH_DIR=${BENCH_DIR:-/tmp/sd-bench}
REQUESTS=${REQUESTS:-750000}
ROUNDS=${ROUNDS:-6}
SECONDS_EACH=${SECONDS_EACH:-10}
SD=${SD:-$PWD/dist/target/stampede-doctor/bin/stampede-doctor}
ALTERNATE="python3 $PWD/dist/src/bench/alternate.py"
PCAP=$BENCH_DIR/bench.pcap

[ -x "$SD" ] || { echo "live.sh: no launcher at $SD; run ./mvnw -B -q package -DskipTests first" >&2; exit 2; }
for tool in redis-server redis-cli redis-benchmark tcpdump jq python3; do
  command -v $tool >/dev/null || { echo "live.sh: $tool is not installed" >&2; exit 2; }
done
mkdir -p "$BENCH_DIR"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A cluster node also listens on its port + 10000 (the cluster bus): a port below 55536 with both free.
free_cluster_port() {
  python3 - <<'PY'
import random, socket
while True:
    p = random.randint(20000, 55000)
    try:
        for q in (p, p + 10000):
            s = socket.socket(); s.bind(("127.0.0.1", q)); s.close()
    except OSError:
        continue
    print(p)
    break
PY
}

# redis-server on a free loopback port, its port in $port and its pid in pids (not in a command
# substitution: that would wait for the server's end); extra options after.
start_redis() {
  local dir
  case " $* " in
    *" --cluster-enabled yes "*) port=$(free_cluster_port) ;;
    *) port=$(free_port) ;;
  esac
  dir=$work/$port
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --logfile "$dir/log" "$@" \
    >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
}

saturate() { # port seconds [redis-benchmark options…]
  local port=$1 secs=$2
  shift 2
  (sleep 1.5; timeout "$secs" redis-benchmark -p "$port" -r 100000 -n 100000000 -c 50 -q -t get,set "$@" >/dev/null 2>&1) &
}

echo "machine: $(nproc) cores, $(uptime)"

# 1. The packet reader.
if [ ! -s "$PCAP" ]; then
  start_redis
  tcpdump -i lo -U -B 65536 -n -s 0 -w "$PCAP.part" "tcp port $port" 2>"$work/tcpdump.err" &
  dump=$!
  pids+=($dump)
  until grep -q listening "$work/tcpdump.err" 2>/dev/null; do sleep 0.1; done
  redis-benchmark -p "$port" -t set,get -n "$REQUESTS" -r 100000 -c 20 -q | tr '\r' '\n' | grep 'per second'
  sleep 1
  kill -INT "$dump"; wait "$dump" || true
  tail -1 "$work/tcpdump.err"
  mv "$PCAP.part" "$PCAP"
  echo "$PCAP: port $port" > "$PCAP.port"
fi
pcap_port=$(sed 's/.*port //' "$PCAP.port" 2>/dev/null || echo 6392)
bytes=$(stat -c %s "$PCAP")
"$SD" analyze -f json --no-progress --redis-port "$pcap_port" "$PCAP" | jq -c '.input.files[0].packets | {packets, commands, replied, gaps}'
echo "== analyze of $PCAP ($((bytes / 1000000)) MB), $ROUNDS runs"
$ALTERNATE --json "$BENCH_DIR/pcap.json" --ok 0,1 "$ROUNDS" \
  "pcap=$SD analyze -f json --no-progress --redis-port $pcap_port $PCAP"
python3 -c 'import json, statistics, sys; w = statistics.median(r["wall"] for r in json.load(open(sys.argv[1]))["pcap"]); print("%.0f MB/s (target >= 300)" % (int(sys.argv[2]) / w / 1e6))' \
  "$BENCH_DIR/pcap.json" "$bytes"

# 2. One Redis at saturation.
start_redis
echo
echo "== scan of one Redis under redis-benchmark, $SECONDS_EACH s each"
saturate "$port" $((SECONDS_EACH - 1))
"$SD" scan --redis "redis://127.0.0.1:$port" --duration "${SECONDS_EACH}s" -f json 2>/dev/null \
  | jq -c '{source: "monitor", parsed: .input.parsed, processed: .live.info.commandsProcessed, peakOutputBytes: .live.peakClientOutputBytes}'
redis-cli -p "$port" flushall >/dev/null
(sleep 1.5; timeout $((SECONDS_EACH - 1)) redis-benchmark -p "$port" -r 1000000 -n $((SECONDS_EACH * 10000)) -c 50 -q -t set,get >/dev/null 2>&1) &
"$SD" scan --redis "redis://127.0.0.1:$port" --source events --notifications --duration "${SECONDS_EACH}s" -f json 2>/dev/null \
  | jq -c '{source: "events", events: .live.notifications.events, misses: .live.info.keyspaceMisses, peakOutputBytes: .live.peakClientOutputBytes}'
saturate "$port" $((SECONDS_EACH - 1))
"$SD" scan --redis "redis://127.0.0.1:$port" --source tcpdump --interface lo --duration "${SECONDS_EACH}s" -f json 2>/dev/null \
  | jq -c '{source: "tcpdump", parsed: .input.parsed, processed: .live.info.commandsProcessed, gaps: .input.files[0].packets.gaps, notes: [.live.notes[] | select(test("lost|dropped"))]}'

# 3. A 3-primary cluster at saturation.
echo
echo "== scan of a 3-primary cluster under redis-benchmark --cluster, $SECONDS_EACH s"
nodes=()
for _ in 1 2 3; do
  start_redis --cluster-enabled yes --cluster-config-file nodes.conf
  nodes+=("127.0.0.1:$port")
done
echo yes | redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 >/dev/null
seed=${nodes[0]##*:}
for _ in $(seq 50); do redis-cli -p "$seed" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.2; done
sleep 1
(sleep 1.5; timeout $((SECONDS_EACH - 1)) redis-benchmark --cluster -p "$seed" -r 100000 -n 100000000 -c 50 -q -t get,set >/dev/null 2>&1) &
"$SD" scan --redis "redis://127.0.0.1:$seed" --duration "${SECONDS_EACH}s" -f json 2>/dev/null \
  | jq -c '{parsed: .input.parsed, nodes: [.live.nodes[] | {node, processed: .info.commandsProcessed, peakOutputBytes: .peakClientOutputBytes}]}'
