#!/usr/bin/env python3
# Issue 19 memory check: a 20,000,000-line MONITOR capture with 5,000,000 distinct keys (GET/SET of
# user:N:profile, every key first set once, then random reads and writes), on stdout. See docs/benchmark.md.
import sys, random
random.seed(7)
out = sys.stdout
n = 20_000_000
keys = 5_000_000
t0 = 1_796_000_000_000_000
buf = []
for i in range(n):
    k = i % keys if i < keys else random.randrange(keys)
    t = t0 + i * 2
    cmd = '"SET" "user:%d:profile" "v"' % k if i % 4 == 0 else '"GET" "user:%d:profile"' % k
    buf.append('%d.%06d [0 127.0.0.1:%d] %s\n' % (t // 1_000_000, t % 1_000_000, 40000 + i % 50, cmd))
    if len(buf) >= 100000:
        out.write(''.join(buf)); buf = []
out.write(''.join(buf))
