#!/bin/bash
# Classes loaded per variant (-Xlog:class+load), and how many came from the CDS archive(s).
cd "$(dirname "$0")"; . ./env.sh
count() { # name, main class, then the JVM options
  local name=$1; shift; local f=build/classes-$name.log
  local cls=$1; shift; java "$@" -Xlog:class+load:file=$f $cls $URL >/dev/null 2>&1
  printf '%-16s loaded=%5d  from-archive=%5d  from-jars/jrt=%5d\n' "$name" "$(wc -l <$f)" \
    "$(grep -c 'shared objects file' $f)" "$(grep -vc 'shared objects file' $f)"
}
count own-nocds OwnDiscover $JFLAGS -cp "$OWN_CP"
count own-appcds OwnDiscover $JFLAGS -XX:SharedArchiveFile=build/own.jsa -cp "$OWN_CP"
count lettuce-nocds LettuceDiscover $JFLAGS -cp "$LET_CP"
count lettuce-appcds LettuceDiscover $JFLAGS -XX:SharedArchiveFile=build/lettuce.jsa -cp "$LET_CP"
for v in check ttl-audit; do
  for d in plain shipped check ttl; do
    home=build/dist-$d; [ $d = shipped ] && home=$DIST
    JAVA_OPTS="-Xlog:class+load:file=build/classes-sd-$v-$d.log" $home/bin/stampede-doctor $v --redis $URL >/dev/null 2>&1
    f=build/classes-sd-$v-$d.log
    printf '%-16s loaded=%5d  from-archive=%5d  from-jars/jrt=%5d\n' "sd-$v-$d" "$(wc -l <$f)" \
      "$(grep -c 'shared objects file' $f)" "$(grep -vc 'shared objects file' $f)"
  done
done
count lettuce-tuned-nocds LettuceDiscover $JFLAGS $TUNED -cp "$LET_CP"
count lettuce-tuned-appcds LettuceDiscover $JFLAGS $TUNED -XX:SharedArchiveFile=build/lettuce-tuned.jsa -cp "$LET_CP"
# lettuce's own classes by package family (no CDS run)
echo "lettuce-nocds by source family:"
grep -oE 'source: .*' build/classes-lettuce-nocds.log | sed -E 's#source: (jar:)?file:[^ ]*/##; s#source: jrt:/#jrt:#; s#-[0-9].*##' | sort | uniq -c | sort -rn | head -20
echo "own-nocds by source family:"
grep -oE 'source: .*' build/classes-own-nocds.log | sed -E 's#source: (jar:)?file:[^ ]*/##; s#source: jrt:/#jrt:#; s#-[0-9].*##' | sort | uniq -c | sort -rn | head -10
