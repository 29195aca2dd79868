#compdef stampede-doctor
# zsh completion for stampede-doctor, generated from its picocli model at build time; do not edit.
# Install: save as _stampede-doctor in a directory on $fpath (before compinit runs),
# or after compinit: source <(stampede-doctor completion zsh)

_stampede-doctor() {
  local curcontext=$curcontext state line ret=1
  typeset -A opt_args
  _arguments -C -s -S \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)' \
    '(- *)'{-h,--help}'[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '1: :->command' \
    '*:: :->args' && return

  case $state in
    command)
      local -a commands=(
        'analyze:Analyse a recorded capture: Redis MONITOR text or packets of Redis traffic'
        'scan:Attach to a live Redis for a bounded time and find stampedes as they happen'
        'watch:Watch a live Redis on a full-screen view that redraws in place, then report'
        'check:Check what scan can see: versions, roles, permissions, settings'
        'simulate:Replay a capture under each cache policy: the rebuilds each fix would save'
        'ttl-audit:Find key patterns whose keys expire together: tomorrow'\''s thundering herd'
        'jitter:Spread the TTLs of a key pattern so its keys stop expiring together'
        'drill:Reproduce a stampede on staging Redis and PostgreSQL and measure a fix for real'
        'exporter:Serve stampede metrics on /metrics for Prometheus, from keyspace events and INFO (no MONITOR)'
        'completion:Print the shell completion script for bash, zsh or fish'
      )
      _describe -t commands 'stampede-doctor command' commands && ret=0
      ;;
    args)
      curcontext=${curcontext%:*:*}:stampede-doctor-$line[1]:
      case $line[1] in
        analyze) _stampede-doctor_analyze && ret=0 ;;
        scan) _stampede-doctor_scan && ret=0 ;;
        watch) _stampede-doctor_watch && ret=0 ;;
        check) _stampede-doctor_check && ret=0 ;;
        simulate) _stampede-doctor_simulate && ret=0 ;;
        ttl-audit) _stampede-doctor_ttl-audit && ret=0 ;;
        jitter) _stampede-doctor_jitter && ret=0 ;;
        drill) _stampede-doctor_drill && ret=0 ;;
        exporter) _stampede-doctor_exporter && ret=0 ;;
        completion) _stampede-doctor_completion && ret=0 ;;
      esac
      ;;
  esac
  return ret
}

_stampede-doctor_analyze() {
  _arguments -s -S \
    '*--redis-port=[In packet captures: the port(s) Redis listens on (default: 6379)]:PORT: ' \
    '--merge[Read several files as captures made at the same time on several nodes, merged by timestamp (each file one node)]' \
    '--no-merge[Read several files in order as one capture (one server'\''s, split in parts)]' \
    '*--node-name=[The node FILE was recorded on, for a merged reading (repeatable)]:FILE=HOST\:PORT: ' \
    '(-o --output)'{-o+,--output=}'[Write the report to FILE (replaced if it exists) instead of stdout]:FILE:_files' \
    '(-f --format)'{-f+,--format=}'[Report format: text, json, markdown, html, openmetrics]:FORMAT:(text json markdown html openmetrics)' \
    '--top=[Key patterns listed in the report, busiest first (default: 50)]:N: ' \
    '--max-keys=[Distinct keys remembered; past it key counts are lower bounds (default: as many as 40% of the heap holds at about 128 bytes a key, at most 4000000; -Xmx256m gives about 830000)]:N: ' \
    '--min-rebuilds=[Rebuilds of one key in one miss episode that make a stampede or herd; at least 2 (default: 3)]:N: ' \
    '--min-cluster-keys=[Keys of one pattern expiring together that make a coordinated-expiry herd (default: 20)]:N: ' \
    '--bad-lines=[Malformed lines quoted in the report (default: 10)]:N: ' \
    '--max-line-bytes=[Longer lines are reported as malformed and skipped (default: 4194304)]:BYTES: ' \
    '--replica[The capture comes from a replica: DELs from the master'\''s link may be expiries, so invalidation stampedes get a lower confidence]' \
    '--master-link=[The capture comes from a replica whose master link MONITOR names IP:PORT (CLIENT LIST'\''s flags=M client): its single-key DEL/UNLINK are expiries unless the key'\''s TTL ran on]:IP\:PORT: ' \
    '--pg-samples=[PostgreSQL samples saved by '\''scan --save'\'' (pg-samples.jsonl): correlate the events with them]:FILE:_files' \
    '--no-progress[Never show the progress line on stderr]' \
    '(- *)'{-h,--help}'[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)' \
    '*:FILE:_files'
}

_stampede-doctor_scan() {
  _arguments -s -S \
    '--redis=[redis://\[user\[:pass\]@\]host\[:port\]\[/db\], rediss:// for TLS, unix:///path/redis.sock\[?db=N\] for a unix socket (default: $REDIS_URL)]:URL: ' \
    '-h+[Redis host, as redis-cli'\''s -h (overrides the URL'\''s; alone: port 6379)]:HOST: ' \
    '-p+[Redis port, as redis-cli'\''s -p (overrides the URL'\''s; alone: host 127.0.0.1)]:PORT: ' \
    '-s+[Unix socket of Redis, as redis-cli'\''s -s (instead of the URL'\''s host and port)]:SOCKET:_files' \
    '-n+[Database number, as redis-cli'\''s -n (overrides the URL'\''s)]:DB: ' \
    '--user=[ACL user (overrides the URL'\''s)]:USER: ' \
    '(-a --pass)'{-a+,--pass=}'[Password (overrides the URL'\''s)]:PASSWORD: ' \
    '--no-auth-warning[No warning that -a/--pass shows the password to other users]' \
    '--tls[Use TLS even with a redis:// URL]' \
    '--cacert=[Trust the CA certificate(s) in this PEM file]:FILE:_files' \
    '--insecure[TLS without checking the certificate or host name (test servers only)]' \
    '--connect-timeout=[Give up connecting after this (default: 5s)]:DURATION: ' \
    '--timeout=[Give up when Redis does not answer a command within this (default: 10s)]:DURATION: ' \
    '--duration=[How long to read MONITOR: 500ms, 30s, 5m (default: 30s for scan, 5m for watch)]:DURATION: ' \
    '--allow-long[Allow a --duration above 5m]' \
    '--max-client-buffer=[Stop when Redis holds more than this for our MONITOR connection (default: 4mb)]:SIZE: ' \
    '--postgres=[Also sample pg_stat_activity: postgresql://\[user\[:pass\]@\]host\[:port\]/db or jdbc:postgresql://… (PG* variables and ~/.pgpass fill in the rest)]:URL: ' \
    '--pg-interval=[How often to sample pg_stat_activity, at least 10ms (default: 100ms)]:DURATION: ' \
    '--notifications[Add the del/expired/evicted/keymiss keyevent flags to notify-keyspace-events for the scan, subscribe, and report Redis'\''s own counts beside the detectors'\''; the exact previous value is put back on every exit, Ctrl-C and SIGTERM included]' \
    '--save=[Also write the MONITOR stream to DIR/monitor.log (redis-cli monitor format) and the PostgreSQL samples to DIR/pg-samples.jsonl, for analyze later]:DIR:_files' \
    '--nodes=[On a Redis Cluster, act on its primaries, replicas, all (default: primaries)]:WHICH:(primaries replicas all)' \
    '*--node-map=[Connect to REACHABLE where a cluster node announces ANNOUNCED (host:port or host); repeatable]:ANNOUNCED=REACHABLE: ' \
    '(-o --output)'{-o+,--output=}'[Write the report to FILE (replaced if it exists) instead of stdout]:FILE:_files' \
    '(-f --format)'{-f+,--format=}'[Report format: text, json, markdown, html, openmetrics]:FORMAT:(text json markdown html openmetrics)' \
    '--top=[Key patterns listed in the report, busiest first (default: 50)]:N: ' \
    '--max-keys=[Distinct keys remembered; past it key counts are lower bounds (default: as many as 40% of the heap holds at about 128 bytes a key, at most 4000000; -Xmx256m gives about 830000)]:N: ' \
    '--min-rebuilds=[Rebuilds of one key in one miss episode that make a stampede or herd; at least 2 (default: 3)]:N: ' \
    '--min-cluster-keys=[Keys of one pattern expiring together that make a coordinated-expiry herd (default: 20)]:N: ' \
    '--source=[Where the traffic is read: monitor (MONITOR on a Redis connection: costs Redis throughput), tcpdump (the packets on this host, run on the Redis host or an application host: costs Redis nothing and shows the replies, so misses are facts; needs tcpdump and the capture right), or events (keyspace events, where MONITOR is refused: misses, deletions, expiries and refills, not reads that hit; notify-keyspace-events is set and put back as for --notifications)]:SOURCE: ' \
    '--tcpdump=[Read packets (implies --source tcpdump) with this capture filter (default: tcp port <the --redis port>; the tool'\''s own connections are left out)]:FILTER: ' \
    '--interface=[With --source tcpdump: the interface to capture on (default: any)]:IF: ' \
    '--no-progress[Never show the progress line on stderr]' \
    '(- *)--help[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)'
}

_stampede-doctor_watch() {
  _arguments -s -S \
    '--redis=[redis://\[user\[:pass\]@\]host\[:port\]\[/db\], rediss:// for TLS, unix:///path/redis.sock\[?db=N\] for a unix socket (default: $REDIS_URL)]:URL: ' \
    '-h+[Redis host, as redis-cli'\''s -h (overrides the URL'\''s; alone: port 6379)]:HOST: ' \
    '-p+[Redis port, as redis-cli'\''s -p (overrides the URL'\''s; alone: host 127.0.0.1)]:PORT: ' \
    '-s+[Unix socket of Redis, as redis-cli'\''s -s (instead of the URL'\''s host and port)]:SOCKET:_files' \
    '-n+[Database number, as redis-cli'\''s -n (overrides the URL'\''s)]:DB: ' \
    '--user=[ACL user (overrides the URL'\''s)]:USER: ' \
    '(-a --pass)'{-a+,--pass=}'[Password (overrides the URL'\''s)]:PASSWORD: ' \
    '--no-auth-warning[No warning that -a/--pass shows the password to other users]' \
    '--tls[Use TLS even with a redis:// URL]' \
    '--cacert=[Trust the CA certificate(s) in this PEM file]:FILE:_files' \
    '--insecure[TLS without checking the certificate or host name (test servers only)]' \
    '--connect-timeout=[Give up connecting after this (default: 5s)]:DURATION: ' \
    '--timeout=[Give up when Redis does not answer a command within this (default: 10s)]:DURATION: ' \
    '--duration=[How long to read MONITOR: 500ms, 30s, 5m (default: 30s for scan, 5m for watch)]:DURATION: ' \
    '--allow-long[Allow a --duration above 5m]' \
    '--max-client-buffer=[Stop when Redis holds more than this for our MONITOR connection (default: 4mb)]:SIZE: ' \
    '--postgres=[Also sample pg_stat_activity: postgresql://\[user\[:pass\]@\]host\[:port\]/db or jdbc:postgresql://… (PG* variables and ~/.pgpass fill in the rest)]:URL: ' \
    '--pg-interval=[How often to sample pg_stat_activity, at least 10ms (default: 100ms)]:DURATION: ' \
    '--notifications[Add the del/expired/evicted/keymiss keyevent flags to notify-keyspace-events for the scan, subscribe, and report Redis'\''s own counts beside the detectors'\''; the exact previous value is put back on every exit, Ctrl-C and SIGTERM included]' \
    '--save=[Also write the MONITOR stream to DIR/monitor.log (redis-cli monitor format) and the PostgreSQL samples to DIR/pg-samples.jsonl, for analyze later]:DIR:_files' \
    '--nodes=[On a Redis Cluster, act on its primaries, replicas, all (default: primaries)]:WHICH:(primaries replicas all)' \
    '*--node-map=[Connect to REACHABLE where a cluster node announces ANNOUNCED (host:port or host); repeatable]:ANNOUNCED=REACHABLE: ' \
    '(-o --output)'{-o+,--output=}'[Write the report to FILE (replaced if it exists) instead of stdout]:FILE:_files' \
    '(-f --format)'{-f+,--format=}'[Report format: text, json, markdown, html, openmetrics]:FORMAT:(text json markdown html openmetrics)' \
    '--top=[Key patterns listed in the report, busiest first (default: 50)]:N: ' \
    '--max-keys=[Distinct keys remembered; past it key counts are lower bounds (default: as many as 40% of the heap holds at about 128 bytes a key, at most 4000000; -Xmx256m gives about 830000)]:N: ' \
    '--min-rebuilds=[Rebuilds of one key in one miss episode that make a stampede or herd; at least 2 (default: 3)]:N: ' \
    '--min-cluster-keys=[Keys of one pattern expiring together that make a coordinated-expiry herd (default: 20)]:N: ' \
    '--source=[Where the traffic is read: monitor (MONITOR on a Redis connection: costs Redis throughput), tcpdump (the packets on this host, run on the Redis host or an application host: costs Redis nothing and shows the replies, so misses are facts; needs tcpdump and the capture right), or events (keyspace events, where MONITOR is refused: misses, deletions, expiries and refills, not reads that hit; notify-keyspace-events is set and put back as for --notifications)]:SOURCE: ' \
    '--tcpdump=[Read packets (implies --source tcpdump) with this capture filter (default: tcp port <the --redis port>; the tool'\''s own connections are left out)]:FILTER: ' \
    '--interface=[With --source tcpdump: the interface to capture on (default: any)]:IF: ' \
    '--no-progress[Never show the progress line on stderr]' \
    '(- *)--help[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--interval=[How often the screen is redrawn, at least 200ms (default: 1s)]:DURATION: ' \
    '--report=[Write the report to FILE, in the format its extension names (.txt, .json, .md, .html), instead of printing it when the screen closes]:FILE:_files' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)'
}

_stampede-doctor_check() {
  _arguments -s -S \
    '--redis=[redis://\[user\[:pass\]@\]host\[:port\]\[/db\], rediss:// for TLS, unix:///path/redis.sock\[?db=N\] for a unix socket (default: $REDIS_URL)]:URL: ' \
    '-h+[Redis host, as redis-cli'\''s -h (overrides the URL'\''s; alone: port 6379)]:HOST: ' \
    '-p+[Redis port, as redis-cli'\''s -p (overrides the URL'\''s; alone: host 127.0.0.1)]:PORT: ' \
    '-s+[Unix socket of Redis, as redis-cli'\''s -s (instead of the URL'\''s host and port)]:SOCKET:_files' \
    '-n+[Database number, as redis-cli'\''s -n (overrides the URL'\''s)]:DB: ' \
    '--user=[ACL user (overrides the URL'\''s)]:USER: ' \
    '(-a --pass)'{-a+,--pass=}'[Password (overrides the URL'\''s)]:PASSWORD: ' \
    '--no-auth-warning[No warning that -a/--pass shows the password to other users]' \
    '--tls[Use TLS even with a redis:// URL]' \
    '--cacert=[Trust the CA certificate(s) in this PEM file]:FILE:_files' \
    '--insecure[TLS without checking the certificate or host name (test servers only)]' \
    '--connect-timeout=[Give up connecting after this (default: 5s)]:DURATION: ' \
    '--timeout=[Give up when Redis does not answer a command within this (default: 10s)]:DURATION: ' \
    '--nodes=[On a Redis Cluster, act on its primaries, replicas, all (default: primaries)]:WHICH:(primaries replicas all)' \
    '*--node-map=[Connect to REACHABLE where a cluster node announces ANNOUNCED (host:port or host); repeatable]:ANNOUNCED=REACHABLE: ' \
    '--postgres=[Also check PostgreSQL (same forms as scan)]:URL: ' \
    '(-f --format)'{-f+,--format=}'[text, json or openmetrics (default: text)]:FORMAT:(text json openmetrics)' \
    '(- *)--help[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)'
}

_stampede-doctor_simulate() {
  _arguments -s -S \
    '*--policy=[A policy to replay (repeatable): as-is, jitter, write-through, lock, xfetch, stale-while-revalidate]:NAME[=PARAMS]:(as-is jitter write-through lock xfetch stale-while-revalidate)' \
    '--rebuild-ms=[How long a rebuild takes, in ms]:N: ' \
    '*--redis-port=[In packet captures: the port(s) Redis listens on (default: 6379)]:PORT: ' \
    '--merge[Read several files as captures made at the same time on several nodes, merged by timestamp (each file one node)]' \
    '--no-merge[Read several files in order as one capture (one server'\''s, split in parts)]' \
    '*--node-name=[The node FILE was recorded on, for a merged reading (repeatable)]:FILE=HOST\:PORT: ' \
    '(-o --output)'{-o+,--output=}'[Write the report to FILE (replaced if it exists) instead of stdout]:FILE:_files' \
    '(-f --format)'{-f+,--format=}'[Report format: text, json, markdown, html, openmetrics]:FORMAT:(text json markdown html openmetrics)' \
    '--max-keys=[Distinct keys replayed; operations on further keys are counted and left out (default: 4000000)]:N: ' \
    '(- *)'{-h,--help}'[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)' \
    '*:CAPTURE:_files'
}

_stampede-doctor_ttl-audit() {
  _arguments -s -S \
    '--redis=[redis://\[user\[:pass\]@\]host\[:port\]\[/db\], rediss:// for TLS, unix:///path/redis.sock\[?db=N\] for a unix socket (default: $REDIS_URL)]:URL: ' \
    '-h+[Redis host, as redis-cli'\''s -h (overrides the URL'\''s; alone: port 6379)]:HOST: ' \
    '-p+[Redis port, as redis-cli'\''s -p (overrides the URL'\''s; alone: host 127.0.0.1)]:PORT: ' \
    '-s+[Unix socket of Redis, as redis-cli'\''s -s (instead of the URL'\''s host and port)]:SOCKET:_files' \
    '-n+[Database number, as redis-cli'\''s -n (overrides the URL'\''s)]:DB: ' \
    '--user=[ACL user (overrides the URL'\''s)]:USER: ' \
    '(-a --pass)'{-a+,--pass=}'[Password (overrides the URL'\''s)]:PASSWORD: ' \
    '--no-auth-warning[No warning that -a/--pass shows the password to other users]' \
    '--tls[Use TLS even with a redis:// URL]' \
    '--cacert=[Trust the CA certificate(s) in this PEM file]:FILE:_files' \
    '--insecure[TLS without checking the certificate or host name (test servers only)]' \
    '--connect-timeout=[Give up connecting after this (default: 5s)]:DURATION: ' \
    '--timeout=[Give up when Redis does not answer a command within this (default: 10s)]:DURATION: ' \
    '--nodes=[On a Redis Cluster, act on its primaries, replicas, all (default: primaries)]:WHICH:(primaries replicas all)' \
    '*--node-map=[Connect to REACHABLE where a cluster node announces ANNOUNCED (host:port or host); repeatable]:ANNOUNCED=REACHABLE: ' \
    '--match=[Only keys matching this glob (SCAN MATCH)]:GLOB: ' \
    '--db=[The database to audit (default: the URL'\''s, else 0)]:N: ' \
    '--max-keys=[Stop after this many keys; the report then says it is a sample (default: 5000000)]:N: ' \
    '--scan-rate=[Read at most this many keys per second (the name jitter uses too)]:KEYS_PER_S: ' \
    '--count=[Keys per SCAN batch (SCAN'\''s COUNT hint) (default: 1000)]:N: ' \
    '--types[Also read each key'\''s TYPE (one more command per key)]' \
    '--memory[Also read each key'\''s MEMORY USAGE (one more, costlier, command per key)]' \
    '--min-cluster-keys=[Keys a window must hold to be a cluster (default: 20)]:N: ' \
    '--cluster-factor=[… and how many times the pattern'\''s even expiry rate (default: 10)]:X: ' \
    '--window=[Cluster window width (default: a hundredth of the pattern'\''s median TTL, 1s to 60s)]:DURATION: ' \
    '(-f --format)'{-f+,--format=}'[Report format: text, json, csv, markdown, html, openmetrics]:FORMAT:(text json csv markdown html openmetrics)' \
    '(-o --output)'{-o+,--output=}'[Write the report to FILE (replaced if it exists) instead of stdout]:FILE:_files' \
    '--top=[Patterns shown in text and markdown, clustered first (default: 10)]:N: ' \
    '*--fail-on=[Exit 1 when the audit passes this threshold, for CI; repeatable: METRIC\[GLOB\]OP VALUE with METRIC one of cluster-share (% of a pattern'\''s keys with a TTL in its largest expiry cluster, worst pattern), cluster-keys, clustered-patterns, no-ttl, no-ttl-share (%), keys; \[GLOB\] keeps to matching patterns; OP one of > >= < <=]:RULE: ' \
    '--allow-empty[Accept a --match that matches no key (exit 0, not 2)]' \
    '--no-progress[Never show the progress bar on stderr]' \
    '(- *)--help[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)'
}

_stampede-doctor_jitter() {
  local curcontext=$curcontext state line ret=1
  typeset -A opt_args
  _arguments -C -s -S \
    '(- *)'{-h,--help}'[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)' \
    '1: :->command' \
    '*:: :->args' && return

  case $state in
    command)
      local -a commands=(
        'plan:Show what a jitter would do (dry run: reads only)'
        'apply:Spread the TTLs of the matching keys (writes; journalled; undoable)'
        'undo:Put back the TTLs a jitter apply changed, from its journal'
      )
      _describe -t commands 'jitter command' commands && ret=0
      ;;
    args)
      curcontext=${curcontext%:*:*}:jitter-$line[1]:
      case $line[1] in
        plan) _stampede-doctor_jitter_plan && ret=0 ;;
        apply) _stampede-doctor_jitter_apply && ret=0 ;;
        undo) _stampede-doctor_jitter_undo && ret=0 ;;
      esac
      ;;
  esac
  return ret
}

_stampede-doctor_jitter_plan() {
  _arguments -s -S \
    '--redis=[redis://\[user\[:pass\]@\]host\[:port\]\[/db\], rediss:// for TLS, unix:///path/redis.sock\[?db=N\] for a unix socket (default: $REDIS_URL)]:URL: ' \
    '-h+[Redis host, as redis-cli'\''s -h (overrides the URL'\''s; alone: port 6379)]:HOST: ' \
    '-p+[Redis port, as redis-cli'\''s -p (overrides the URL'\''s; alone: host 127.0.0.1)]:PORT: ' \
    '-s+[Unix socket of Redis, as redis-cli'\''s -s (instead of the URL'\''s host and port)]:SOCKET:_files' \
    '-n+[Database number, as redis-cli'\''s -n (overrides the URL'\''s)]:DB: ' \
    '--user=[ACL user (overrides the URL'\''s)]:USER: ' \
    '(-a --pass)'{-a+,--pass=}'[Password (overrides the URL'\''s)]:PASSWORD: ' \
    '--no-auth-warning[No warning that -a/--pass shows the password to other users]' \
    '--tls[Use TLS even with a redis:// URL]' \
    '--cacert=[Trust the CA certificate(s) in this PEM file]:FILE:_files' \
    '--insecure[TLS without checking the certificate or host name (test servers only)]' \
    '--connect-timeout=[Give up connecting after this (default: 5s)]:DURATION: ' \
    '--timeout=[Give up when Redis does not answer a command within this (default: 10s)]:DURATION: ' \
    '--match=[The keys to jitter (SCAN MATCH glob)]:GLOB: ' \
    '--spread=[New TTL drawn uniformly within ±PERCENT of the current one, e.g. 10%; at most 90%]:PERCENT: ' \
    '--sample=[Only this share of the matching keys, drawn at random: a canary (e.g. 1%)]:PERCENT: ' \
    '--max-keys=[Stop scanning after this many matching keys, shared out among a cluster'\''s primaries (default: 1000000)]:N: ' \
    '--scan-rate=[Read at most this many keys per second while scanning, on each node of a cluster (default: no limit)]:KEYS_PER_S: ' \
    '--seed=[Seed for the random draws (repeatable runs)]:N: ' \
    '*--node-map=[Connect to REACHABLE where a cluster node announces ANNOUNCED (host:port or host); repeatable]:ANNOUNCED=REACHABLE: ' \
    '(-f --format)'{-f+,--format=}'[text or json (default: text)]:FORMAT:(text json)' \
    '(- *)--help[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)'
}

_stampede-doctor_jitter_apply() {
  _arguments -s -S \
    '--redis=[redis://\[user\[:pass\]@\]host\[:port\]\[/db\], rediss:// for TLS, unix:///path/redis.sock\[?db=N\] for a unix socket (default: $REDIS_URL)]:URL: ' \
    '-h+[Redis host, as redis-cli'\''s -h (overrides the URL'\''s; alone: port 6379)]:HOST: ' \
    '-p+[Redis port, as redis-cli'\''s -p (overrides the URL'\''s; alone: host 127.0.0.1)]:PORT: ' \
    '-s+[Unix socket of Redis, as redis-cli'\''s -s (instead of the URL'\''s host and port)]:SOCKET:_files' \
    '-n+[Database number, as redis-cli'\''s -n (overrides the URL'\''s)]:DB: ' \
    '--user=[ACL user (overrides the URL'\''s)]:USER: ' \
    '(-a --pass)'{-a+,--pass=}'[Password (overrides the URL'\''s)]:PASSWORD: ' \
    '--no-auth-warning[No warning that -a/--pass shows the password to other users]' \
    '--tls[Use TLS even with a redis:// URL]' \
    '--cacert=[Trust the CA certificate(s) in this PEM file]:FILE:_files' \
    '--insecure[TLS without checking the certificate or host name (test servers only)]' \
    '--connect-timeout=[Give up connecting after this (default: 5s)]:DURATION: ' \
    '--timeout=[Give up when Redis does not answer a command within this (default: 10s)]:DURATION: ' \
    '--match=[The keys to jitter (SCAN MATCH glob)]:GLOB: ' \
    '--spread=[New TTL drawn uniformly within ±PERCENT of the current one, e.g. 10%; at most 90%]:PERCENT: ' \
    '--sample=[Only this share of the matching keys, drawn at random: a canary (e.g. 1%)]:PERCENT: ' \
    '--max-keys=[Stop scanning after this many matching keys, shared out among a cluster'\''s primaries (default: 1000000)]:N: ' \
    '--scan-rate=[Read at most this many keys per second while scanning, on each node of a cluster (default: no limit)]:KEYS_PER_S: ' \
    '--seed=[Seed for the random draws (repeatable runs)]:N: ' \
    '*--node-map=[Connect to REACHABLE where a cluster node announces ANNOUNCED (host:port or host); repeatable]:ANNOUNCED=REACHABLE: ' \
    '--journal=[Where to journal every change (created; never overwritten)]:FILE:_files' \
    '--yes[Do not ask for confirmation]' \
    '--rate=[TTL changes per second at most (default: 1000)]:KEYS_PER_S: ' \
    '--batch=[Keys per pipelined batch; apply journals each batch before sending it (default: 100)]:N: ' \
    '--tolerance=[How far a key'\''s TTL may be from the one expected and still count as unchanged (default: 250ms)]:DURATION: ' \
    '(- *)--help[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)'
}

_stampede-doctor_jitter_undo() {
  _arguments -s -S \
    '--redis=[redis://\[user\[:pass\]@\]host\[:port\]\[/db\], rediss:// for TLS, unix:///path/redis.sock\[?db=N\] for a unix socket (default: $REDIS_URL)]:URL: ' \
    '-h+[Redis host, as redis-cli'\''s -h (overrides the URL'\''s; alone: port 6379)]:HOST: ' \
    '-p+[Redis port, as redis-cli'\''s -p (overrides the URL'\''s; alone: host 127.0.0.1)]:PORT: ' \
    '-s+[Unix socket of Redis, as redis-cli'\''s -s (instead of the URL'\''s host and port)]:SOCKET:_files' \
    '-n+[Database number, as redis-cli'\''s -n (overrides the URL'\''s)]:DB: ' \
    '--user=[ACL user (overrides the URL'\''s)]:USER: ' \
    '(-a --pass)'{-a+,--pass=}'[Password (overrides the URL'\''s)]:PASSWORD: ' \
    '--no-auth-warning[No warning that -a/--pass shows the password to other users]' \
    '--tls[Use TLS even with a redis:// URL]' \
    '--cacert=[Trust the CA certificate(s) in this PEM file]:FILE:_files' \
    '--insecure[TLS without checking the certificate or host name (test servers only)]' \
    '--connect-timeout=[Give up connecting after this (default: 5s)]:DURATION: ' \
    '--timeout=[Give up when Redis does not answer a command within this (default: 10s)]:DURATION: ' \
    '--journal=[The journal apply wrote]:FILE:_files' \
    '*--node-map=[Connect to REACHABLE where a cluster node announces ANNOUNCED (host:port or host); repeatable]:ANNOUNCED=REACHABLE: ' \
    '--yes[Do not ask for confirmation]' \
    '--rate=[TTL changes per second at most (default: 1000)]:KEYS_PER_S: ' \
    '--batch=[Keys per pipelined batch; apply journals each batch before sending it (default: 100)]:N: ' \
    '--tolerance=[How far a key'\''s TTL may be from the one expected and still count as unchanged (default: 250ms)]:DURATION: ' \
    '--force[Restore even on another server or db than the journal'\''s, or again after an undo that finished]' \
    '(- *)--help[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)'
}

_stampede-doctor_drill() {
  _arguments -s -S \
    '--redis=[redis://\[user\[:pass\]@\]host\[:port\]\[/db\], rediss:// for TLS, unix:///path/redis.sock\[?db=N\] for a unix socket (default: $REDIS_URL)]:URL: ' \
    '-h+[Redis host, as redis-cli'\''s -h (overrides the URL'\''s; alone: port 6379)]:HOST: ' \
    '-p+[Redis port, as redis-cli'\''s -p (overrides the URL'\''s; alone: host 127.0.0.1)]:PORT: ' \
    '-s+[Unix socket of Redis, as redis-cli'\''s -s (instead of the URL'\''s host and port)]:SOCKET:_files' \
    '-n+[Database number, as redis-cli'\''s -n (overrides the URL'\''s)]:DB: ' \
    '--user=[ACL user (overrides the URL'\''s)]:USER: ' \
    '(-a --pass)'{-a+,--pass=}'[Password (overrides the URL'\''s)]:PASSWORD: ' \
    '--no-auth-warning[No warning that -a/--pass shows the password to other users]' \
    '--tls[Use TLS even with a redis:// URL]' \
    '--cacert=[Trust the CA certificate(s) in this PEM file]:FILE:_files' \
    '--insecure[TLS without checking the certificate or host name (test servers only)]' \
    '--connect-timeout=[Give up connecting after this (default: 5s)]:DURATION: ' \
    '--timeout=[Give up when Redis does not answer a command within this (default: 10s)]:DURATION: ' \
    '--postgres=[postgresql://\[user\[:pass\]@\]host\[:port\]/db or jdbc:postgresql://… (PG* variables and ~/.pgpass fill in the rest)]:URL: ' \
    '--scenario=[What to reproduce: invalidation, ttl, cluster]:SCENARIO:(invalidation ttl cluster)' \
    '--mitigation=[How the clients run the cache: none, jitter, write-through, lock, xfetch, stale-while-revalidate (default: none)]:MITIGATION:(none jitter write-through lock xfetch stale-while-revalidate)' \
    '--compare[Run none first, then the mitigation, and print them side by side with what simulate predicted for the mitigation from the first run'\''s capture]' \
    '--clients=[Client threads, 1 to 500 (default: 8)]:N: ' \
    '--connections=[How the client threads reach Redis: pooled (a connection each) or shared (one pipelined connection per process, used by all its threads at once) (default: pooled)]:MODE:(pooled shared)' \
    '--processes=[With --connections shared: the processes the client threads are split over, each with one Redis connection, 1 to --clients (default: 1)]:N: ' \
    '--duration=[How long each run'\''s clients read, 1s to 5m (default: 10s)]:DURATION: ' \
    '--ttl=[The TTL of the ttl and cluster scenarios, below --duration (default: 3s)]:DURATION: ' \
    '--keys=[Keys the cluster scenario seeds together, 20 to 100000 (default: 500)]:N: ' \
    '--rebuild-ms=[How long each rebuild query takes (pg_sleep), 1 to 10000 ms (default: 50)]:N: ' \
    '--jitter=[The jitter mitigation'\''s spread, 1% to 50% (default: 10%)]:PERCENT: ' \
    '--pause-ms=[Each client'\''s pause between two reads, 0 to 1000 ms (default: 2)]:N: ' \
    '--save=[Keep each run'\''s MONITOR capture as DIR/<run>.monitor.log (analyze and simulate read it)]:DIR:_files' \
    '--yes[Do not ask: run the drill (for scripts)]' \
    '(-o --output)'{-o+,--output=}'[Write the report to FILE (replaced if it exists) instead of stdout]:FILE:_files' \
    '(-f --format)'{-f+,--format=}'[Report format: text, json, markdown, html, openmetrics]:FORMAT:(text json markdown html openmetrics)' \
    '(- *)--help[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)'
}

_stampede-doctor_exporter() {
  _arguments -s -S \
    '--redis=[redis://\[user\[:pass\]@\]host\[:port\]\[/db\], rediss:// for TLS, unix:///path/redis.sock\[?db=N\] for a unix socket (default: $REDIS_URL)]:URL: ' \
    '-h+[Redis host, as redis-cli'\''s -h (overrides the URL'\''s; alone: port 6379)]:HOST: ' \
    '-p+[Redis port, as redis-cli'\''s -p (overrides the URL'\''s; alone: host 127.0.0.1)]:PORT: ' \
    '-s+[Unix socket of Redis, as redis-cli'\''s -s (instead of the URL'\''s host and port)]:SOCKET:_files' \
    '-n+[Database number, as redis-cli'\''s -n (overrides the URL'\''s)]:DB: ' \
    '--user=[ACL user (overrides the URL'\''s)]:USER: ' \
    '(-a --pass)'{-a+,--pass=}'[Password (overrides the URL'\''s)]:PASSWORD: ' \
    '--no-auth-warning[No warning that -a/--pass shows the password to other users]' \
    '--tls[Use TLS even with a redis:// URL]' \
    '--cacert=[Trust the CA certificate(s) in this PEM file]:FILE:_files' \
    '--insecure[TLS without checking the certificate or host name (test servers only)]' \
    '--connect-timeout=[Give up connecting after this (default: 5s)]:DURATION: ' \
    '--timeout=[Give up when Redis does not answer a command within this (default: 10s)]:DURATION: ' \
    '--listen=[Where to serve /metrics (default: 127.0.0.1:9464; port 0 picks a free one)]:HOST\:PORT: ' \
    '--window=[Each analysis of the events covers this long, at least 1s (default: 60s)]:DURATION: ' \
    '--info-every=[How often to read INFO, at least 1s (default: 10s)]:DURATION: ' \
    '--audit-every=[How often to audit the TTLs; 0 for never (default: 5m)]:DURATION: ' \
    '--audit-match=[Audit only the keys SCAN MATCH PATTERN gives]:PATTERN: ' \
    '--audit-max-keys=[Each audit reads at most this many keys (default: 100000)]:N: ' \
    '--scan-rate=[Each audit reads at most this many keys a second; 0 for no limit (default: 1000)]:KEYS_PER_S: ' \
    '--monitor-sample=[Also read MONITOR for BURST every EVERY (e.g. 2s/5m), at most a 10 % duty cycle: hit ratios per pattern and latent risks]:BURST/EVERY: ' \
    '--max-client-buffer=[A MONITOR sample stops when Redis holds more than this for it (default: 4mb)]:SIZE: ' \
    '--postgres=[Also sample pg_stat_activity during every window (same forms as scan)]:URL: ' \
    '--pg-interval=[How often to sample pg_stat_activity, at least 10ms (default: 1s)]:DURATION: ' \
    '--max-patterns=[Distinct pattern labels at most; later ones are counted as (other) (default: 200)]:N: ' \
    '--duration=[Stop after this (default: run until Ctrl-C or SIGTERM)]:DURATION: ' \
    '--top=[Key patterns listed in the report, busiest first (default: 50)]:N: ' \
    '--max-keys=[Distinct keys remembered; past it key counts are lower bounds (default: as many as 40% of the heap holds at about 128 bytes a key, at most 4000000; -Xmx256m gives about 830000)]:N: ' \
    '--min-rebuilds=[Rebuilds of one key in one miss episode that make a stampede or herd; at least 2 (default: 3)]:N: ' \
    '--min-cluster-keys=[Keys of one pattern expiring together that make a coordinated-expiry herd (default: 20)]:N: ' \
    '(- *)--help[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)'
}

_stampede-doctor_completion() {
  _arguments -s -S \
    '(- *)'{-h,--help}'[Show this help message and exit]' \
    '(- *)'{-V,--version}'[Print version information and exit]' \
    '--verbose[Show stack traces and diagnostic detail on stderr]' \
    '--color=[Colour in text output: auto, always, never]:WHEN:(auto always never)' \
    '1:SHELL:(bash zsh fish)'
}

if [ "$funcstack[1]" = "_stampede-doctor" ]; then
  _stampede-doctor "$@"
else
  compdef _stampede-doctor stampede-doctor
fi
