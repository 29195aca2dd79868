#!/usr/bin/env bash
# Issue 19's whole-process comparison: analyze against redis-faina on one capture of
# redis-benchmark traffic, and the start-up pair. See docs/benchmark.md.
#
#   dist/src/bench/bench.sh [REDIS_FAINA_PY]       (from the repository root, after ./mvnw package)
#
# Environment: FAINA (redis-faina.py, if not given as the argument; without it the comparison
# is skipped), BENCH_DIR (/tmp/sd-bench: the capture, kept for the next run; delete it to
# record afresh), LINES (2500000), PREFIX_LINES (1000000), ROUNDS (7), STARTUP_ROUNDS (20),
# HEAP (-Xmx256m), SD (the built launcher).
set -euo pipefail
cd "$(dirname "$0")/../../.."

FAINA=${1:-${FAINA:-}}
BENCH_DIR=${BENCH_DIR:-/tmp/sd-bench}
LINES=${LINES:-2500000}
PREFIX_LINES=${PREFIX_LINES:-1000000}
ROUNDS=${ROUNDS:-7}
STARTUP_ROUNDS=${STARTUP_ROUNDS:-20}
HEAP=${HEAP:--Xmx256m}
SD=${SD:-$PWD/dist/target/stampede-doctor/bin/stampede-doctor}
EXAMPLE=$PWD/examples/invalidation-stampede.monitor.log
ALTERNATE="python3 $PWD/dist/src/bench/alternate.py"
CAPTURE=$BENCH_DIR/capture.log
PREFIX=$BENCH_DIR/prefix.log

[ -x "$SD" ] || { echo "bench.sh: no launcher at $SD; run ./mvnw -B -q package -DskipTests first" >&2; exit 2; }
for tool in redis-server redis-cli redis-benchmark python3; do
  command -v $tool >/dev/null || { echo "bench.sh: $tool is not installed" >&2; exit 2; }
done
mkdir -p "$BENCH_DIR"

redis_pid=
monitor_pid=
cleanup() {
  [ -n "$monitor_pid" ] && kill "$monitor_pid" 2>/dev/null || true
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One line per command. redis-benchmark has no mget test (-t skips names it does not know), so
# the mix is five tests at -n LINES/5 each (2,500,000 lines, ~172 MB), plus redis-cli's OK.
record() {
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --logfile "$BENCH_DIR/redis.log" &
  redis_pid=$!
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$port" monitor > "$CAPTURE.part" &
  monitor_pid=$!
  until [ -s "$CAPTURE.part" ]; do sleep 0.1; done
  local n=$(( (LINES + 4) / 5 ))
  echo "recording: redis-benchmark -r 500000 -n $n -c 50 -t get,set,incr,lpush,hset,mget on port $port"
  redis-benchmark -p "$port" -r 500000 -n "$n" -c 50 -q -t get,set,incr,lpush,hset,mget \
    | tr '\r' '\n' | grep 'requests per second'
  # MONITOR's output may still be on its way: wait until the file stops growing.
  local size=-1
  while [ "$size" != "$(stat -c %s "$CAPTURE.part")" ]; do size=$(stat -c %s "$CAPTURE.part"); sleep 0.5; done
  kill "$monitor_pid"; wait "$monitor_pid" 2>/dev/null || true; monitor_pid=
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  wait "$redis_pid" 2>/dev/null || true; redis_pid=
  mv "$CAPTURE.part" "$CAPTURE"
}

[ -s "$CAPTURE" ] || record
head -n "$PREFIX_LINES" "$CAPTURE" > "$PREFIX"
lines=$(wc -l < "$CAPTURE")
prefix_lines=$(wc -l < "$PREFIX")
echo "capture: $CAPTURE, $lines lines, $(( $(stat -c %s "$CAPTURE") / 1000000 )) MB; prefix: $prefix_lines lines"
echo "machine: $(nproc) cores, $(uptime)"

# analyze must read the whole capture, or the figure means nothing.
parsed=$(JAVA_OPTS=$HEAP "$SD" analyze -f json "$CAPTURE" | python3 -c 'import json, sys; print(json.load(sys.stdin)["input"]["parsed"])')
echo "analyze parsed $parsed commands"

analyze="JAVA_OPTS=$HEAP $SD analyze -f json $CAPTURE"
if [ -n "$FAINA" ]; then
  # redis-faina is Python 2 (print statements, dict.iteritems): converted on the fly into a
  # temporary file with 2to3 (lib2to3, still in Python 3.11), never kept in this repository.
  # One more mechanical change: it sorts (duration, entry-dict) pairs, and Python 3 cannot
  # compare two dicts when durations tie; sorting by the duration alone gives the same figures.
  faina3=$BENCH_DIR/redis-faina3.py
  cp "$FAINA" "$faina3"
  python3 -W ignore -m lib2to3 -w -n "$faina3" >/dev/null 2>&1 || {
    # Without lib2to3 (Python 3.13+): the only two constructs the script needs changed.
    sed -i -E 's/^( *)print$/\1print()/; s/^( *)print (.*)$/\1print(\2)/; s/\.iteritems\(\)/.items()/' "$faina3"
  }
  sed -i 's/sorted_items = sorted(ls)$/sorted_items = sorted(ls, key=lambda t: t[0])/' "$faina3"
  python3 "$faina3" "$PREFIX" > "$BENCH_DIR/faina.out"
  sed -n '3,4p' "$BENCH_DIR/faina.out"
  echo
  echo "== analyze ($lines lines) against redis-faina ($prefix_lines lines), alternated, $ROUNDS rounds"
  $ALTERNATE --json "$BENCH_DIR/throughput.json" "$ROUNDS" "analyze=$analyze" "faina=python3 $faina3 $PREFIX"
  python3 - "$BENCH_DIR/throughput.json" "$lines" "$prefix_lines" <<'PY'
import json, statistics, sys
runs = json.load(open(sys.argv[1]))
a = statistics.median(r['wall'] for r in runs['analyze'])
f = statistics.median(r['wall'] for r in runs['faina'])
la, lf = int(sys.argv[2]) / a, int(sys.argv[3]) / f
print('analyze %.0f lines/s, redis-faina %.0f lines/s: ratio %.1fx (target >= 50x, and >= 4 M lines/s)' % (la, lf, la / lf))
PY
else
  echo "== analyze ($lines lines), $ROUNDS runs (no redis-faina given: no comparison)"
  $ALTERNATE --json "$BENCH_DIR/throughput.json" "$ROUNDS" "analyze=$analyze"
  python3 -c 'import json, statistics, sys; r = json.load(open(sys.argv[1]))["analyze"]; print("analyze %.0f lines/s" % (int(sys.argv[2]) / statistics.median(x["wall"] for x in r)))' \
    "$BENCH_DIR/throughput.json" "$lines"
fi

echo
echo "== start-up: --version against analyze of the 132-line example, alternated, $STARTUP_ROUNDS rounds"
$ALTERNATE --json "$BENCH_DIR/startup.json" --ok 1 "$STARTUP_ROUNDS" \
  "version=JAVA_OPTS=$HEAP $SD --version" "example=JAVA_OPTS=$HEAP $SD analyze $EXAMPLE"
python3 - "$BENCH_DIR/startup.json" <<'PY'
import json, statistics, sys
runs = json.load(open(sys.argv[1]))
v = statistics.median(r['wall'] for r in runs['version'])
e = statistics.median(r['wall'] for r in runs['example'])
print('--version %.3f s, analyze of the example %.3f s: %.2fx (targets: < 0.2 s, <= 1.3x)' % (v, e, e / v))
PY
