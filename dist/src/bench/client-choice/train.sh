#!/bin/bash
# Trains the AppCDS archives (dynamic, -XX:ArchiveClassesAtExit) on each measured path; needs the cluster up.
set -e
cd "$(dirname "$0")"; . ./env.sh
rm -f build/*.jsa
java $JFLAGS -XX:ArchiveClassesAtExit=build/own.jsa -cp "$OWN_CP" OwnDiscover $URL >/dev/null
java $JFLAGS -XX:ArchiveClassesAtExit=build/lettuce.jsa -cp "$LET_CP" LettuceDiscover $URL >/dev/null 2>&1
java $JFLAGS $TUNED -XX:ArchiveClassesAtExit=build/lettuce-tuned.jsa -cp "$LET_CP" LettuceDiscover $URL >/dev/null 2>&1
# dist copies: without AppCDS, and with the archive trained on check / on ttl-audit instead of on analyze
for v in plain check ttl; do rm -rf build/dist-$v; cp -a "$DIST" build/dist-$v; rm -f build/dist-$v/lib/*.jsa; done
JAVA_OPTS="-XX:ArchiveClassesAtExit=$B/build/dist-check/lib/stampede-doctor.jsa" build/dist-check/bin/stampede-doctor check --redis $URL >/dev/null || true
JAVA_OPTS="-XX:ArchiveClassesAtExit=$B/build/dist-ttl/lib/stampede-doctor.jsa" build/dist-ttl/bin/stampede-doctor ttl-audit --redis $URL >/dev/null || true
ls -la build/*.jsa build/dist-*/lib/*.jsa
