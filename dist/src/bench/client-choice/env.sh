# sourced by the scripts: where things are, and the JVM flags both probes get (the launcher's for ttl-audit)
B=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIST=${DIST:-$B/../../../target/stampede-doctor}
DL=$DIST/lib
URL=redis://127.0.0.1:$(cut -d' ' -f1 $B/cluster/ports)
JFLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds=off:stderr -Xlog:cds+dynamic=off:stderr"
OWN_CP="$B/build/own-discover.jar:$DL/*"
LET_CP="$B/build/lettuce-discover.jar:$B/lib/*"
TUNED="-Dtuned=true -Dio.lettuce.core.jfr=false"
