#!/bin/bash
# Context: the real commands from the packaged dist (its launcher), with no AppCDS, the shipped archive
# (trained on analyze) and an archive trained on the command itself.
cd "$(dirname "$0")"; . ./env.sh
N=${1:-15}
./bench.py $N \
  check-noappcds   "build/dist-plain/bin/stampede-doctor check --redis $URL" \
  check-shipped    "$DIST/bin/stampede-doctor check --redis $URL" \
  check-trained    "build/dist-check/bin/stampede-doctor check --redis $URL" \
  ttl-noappcds     "build/dist-plain/bin/stampede-doctor ttl-audit --redis $URL" \
  ttl-shipped      "$DIST/bin/stampede-doctor ttl-audit --redis $URL" \
  ttl-trained      "build/dist-ttl/bin/stampede-doctor ttl-audit --redis $URL"
