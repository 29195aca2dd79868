#!/usr/bin/env python3
"""Top frames per thread of a JFR recording's execution samples.

  jfr-top.py RECORDING.jfr [N]

For each thread with samples: its share of them, the kinds of its top frames (interpreted
ones are start-up and warm-up), the N commonest top frames and the N methods most often on
the stack; then the JIT compilations' count and time per tier (jdk.Compilation events).
"""
import collections
import json
import subprocess
import sys


def events(recording, name):
    out = subprocess.run(['jfr', 'print', '--json', '--events', name, recording], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)['recording']['events']


def method(frame):
    m = frame['method']
    return '%s.%s' % (m['type']['name'].replace('/', '.').split('.')[-1], m['name'])


def seconds(duration):
    # ISO-8601 durations as jfr prints them: PT0.0012S, PT1M2.5S
    d = duration[2:]
    total = 0.0
    if 'M' in d:
        minutes, d = d.split('M', 1)
        total += 60 * float(minutes)
    return total + (float(d[:-1]) if d.endswith('S') and d[:-1] else 0.0)


def main(recording, n=10):
    samples = collections.defaultdict(list)
    for e in events(recording, 'jdk.ExecutionSample'):
        samples[e['values']['sampledThread']['javaName']].append(e['values']['stackTrace']['frames'])
    total = sum(len(s) for s in samples.values())
    for thread, stacks in sorted(samples.items(), key=lambda t: -len(t[1])):
        kinds = collections.Counter(s[0]['type'] for s in stacks if s)
        tops = collections.Counter(method(s[0]) for s in stacks if s)
        onstack = collections.Counter(m for s in stacks for m in {method(f) for f in s})
        print('== %s: %d samples (%.0f%%), top frames %s' % (thread, len(stacks), 100 * len(stacks) / total, dict(kinds)))
        for m, c in tops.most_common(n):
            print('   top   %5.1f%%  %s' % (100 * c / len(stacks), m))
        for m, c in onstack.most_common(n):
            print('   stack %5.1f%%  %s' % (100 * c / len(stacks), m))
    tiers = collections.defaultdict(lambda: [0, 0.0])
    for e in events(recording, 'jdk.Compilation'):
        tier = 'C2' if e['values']['compileLevel'] == 4 else 'C1'
        tiers[tier][0] += 1
        tiers[tier][1] += seconds(e['values']['duration'])
    for tier, (count, secs) in sorted(tiers.items()):
        print('JIT %s: %d compilations, %.2f s' % (tier, count, secs))


if __name__ == '__main__':
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10)
