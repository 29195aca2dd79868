#!/usr/bin/env bash
# Runs the engine's JMH benchmarks (detectors/src/jmh/java); arguments go to JMH, e.g.
#   dist/src/bench/jmh.sh -wi 2 -i 3 -w 5s -r 5s -p capture=/tmp/sd-bench/capture.log
#   dist/src/bench/jmh.sh 'PcapReaderBench' -p pcap=/tmp/bench.pcap
# (-l lists them, -h for JMH's options). Compiles them first with -Pjmh. See docs/benchmark.md.
set -euo pipefail
cd "$(dirname "$0")/../../.."
flock /tmp/sd-build.lock ./mvnw -B -q -Pjmh -pl detectors test-compile
d=detectors/target
exec java -cp "$d/jmh-classes:$d/classes:$(cat $d/jmh.classpath)" org.openjdk.jmh.Main "$@"
