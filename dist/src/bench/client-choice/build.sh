#!/bin/bash
# Compiles the two probes into jars (CDS archives only classes from jars).
set -e
cd "$(dirname "$0")"
DL=${DL:-$PWD/../../../target/stampede-doctor/lib}
rm -rf build/own build/lettuce build/*.jar && mkdir -p build/own build/lettuce
javac -d build/own -cp "$DL/*" src/own/*.java && jar cf build/own-discover.jar -C build/own .
javac -d build/lettuce -cp "lib/*" src/lettuce/*.java && jar cf build/lettuce-discover.jar -C build/lettuce .
# The own client's reshard probes, on the dist's jars (SlotRouter is in stampede-doctor-cli)
JCP="$(ls $DL/*.jar | tr '\n' ':')"
echo "$JCP" > build/jitc.cp
rm -rf build/ownjitc && mkdir -p build/ownjitc
javac -d build/ownjitc -cp "$JCP" src/ownjitc/*.java && jar cf build/own-reshard.jar -C build/ownjitc .
