#!/usr/bin/env python3
"""Runs commands alternately (A B A B ..., hyperfine is not installed here) and prints medians.

Each command is a shell string, run by /bin/sh with stdout to /dev/null. This machine's speed
drifts within minutes and other work shares its two cores, so the commands take turns instead
of running in blocks, and the load average is printed before and after.

  alternate.py [--json FILE] [--ok CODES] ROUNDS NAME=COMMAND [NAME=COMMAND ...]

Before the rounds, one warm-up run of each (not counted). Prints one line per command: median
wall, min, max, median (user+sys)/wall; --json FILE writes every run's wall, user and sys
seconds; --ok 0,1 accepts those exit codes (analyze exits 1 when it finds a stampede), else
any other than 0 stops the run.
"""
import json
import os
import statistics
import subprocess
import sys
import time


def load():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


OK_CODES = {0}


def run_once(command):
    start = time.perf_counter()
    proc = subprocess.Popen(['/bin/sh', '-c', command], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in OK_CODES:
        sys.exit('alternate.py: exit %d from: %s' % (code, command))
    return wall, usage.ru_utime, usage.ru_stime


def main(argv):
    json_out = None
    while argv[0].startswith('--'):
        if argv[0] == '--json':
            json_out = argv[1]
        elif argv[0] == '--ok':
            OK_CODES.update(int(c) for c in argv[1].split(','))
        else:
            sys.exit('alternate.py: unknown option ' + argv[0])
        argv = argv[2:]
    rounds = int(argv[0])
    commands = [arg.split('=', 1) for arg in argv[1:]]
    runs = {name: [] for name, _ in commands}
    print('load average before: %s' % load(), flush=True)
    for name, command in commands:
        run_once(command)  # warm-up: page cache, class-data archive
    for _ in range(rounds):
        for name, command in commands:
            runs[name].append(run_once(command))
    print('load average after:  %s' % load(), flush=True)
    for name, _ in commands:
        walls = [w for w, _, _ in runs[name]]
        cpu = [(u + s) / w for w, u, s in runs[name]]
        print('%-10s median %.3f s  (min %.3f, max %.3f, %d runs)  CPU (user+sys)/wall median %.2f'
              % (name, statistics.median(walls), min(walls), max(walls), len(walls), statistics.median(cpu)))
    if json_out:
        with open(json_out, 'w') as f:
            json.dump({name: [{'wall': w, 'user': u, 'sys': s} for w, u, s in r] for name, r in runs.items()}, f)


if __name__ == '__main__':
    main(sys.argv[1:])
