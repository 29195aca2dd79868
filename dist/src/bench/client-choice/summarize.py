#!/usr/bin/env python3
"""summarize.py results/X.csv ... : medians per variant of each raw CSV bench.py wrote."""
import csv, sys, statistics
for path in sys.argv[1:]:
    rows = list(csv.DictReader(open(path)))
    names = list(dict.fromkeys(r["name"] for r in rows))
    print(f"== {path} ({max(int(r['round']) for r in rows) + 1} rounds)")
    print(f"{'variant':24} {'wall p50':>9} {'first p50':>9} {'RSS MB':>7} {'CPU ms':>7}")
    for n in names:
        rs = [r for r in rows if r["name"] == n]
        med = lambda k: statistics.median(float(r[k]) for r in rs if r.get(k) not in (None, "", "None"))
        first = [r for r in rs if r["first_ms"] not in ("", "None")]
        print(f"{n:24} {med('wall_ms'):9.1f} {(med('first_ms') if first else float('nan')):9.1f} "
              f"{med('rss_kb')/1024:7.1f} {(med('cpu_ms') if 'cpu_ms' in rs[0] else float('nan')):7.0f}")
