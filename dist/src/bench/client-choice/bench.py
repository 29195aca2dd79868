#!/usr/bin/env python3
"""Alternating runner: bench.py N name1 'cmd1' name2 'cmd2' ...
Runs the commands A B C A B C ... N rounds (order rotated each round so none always goes first),
each under /usr/bin/time for max RSS; wall = fork to exit, measured here. The string {t0} in a
command is replaced by the epoch ms just before the spawn (the probes report first_ms from it).
Writes results/<stamp>.csv and prints medians. Records `uptime` before and after."""
import subprocess, sys, time, statistics, os, re, csv
n = int(sys.argv[1]); pairs = sys.argv[2:]
variants = list(zip(pairs[0::2], pairs[1::2]))
os.makedirs("results", exist_ok=True)
stamp = time.strftime("%Y%m%dT%H%M%S")
up0 = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
rows = []
for r in range(n):
    order = variants[r % len(variants):] + variants[:r % len(variants)]
    for name, cmd in order:
        t0 = time.time()
        c = cmd.replace("{t0}", str(int(t0 * 1000)))
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "RSSKB=%M CPU=%U+%S", "sh", "-c", "exec " + c],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wall = (time.perf_counter() - start) * 1000
        rss = int(re.search(r"RSSKB=(\d+)", p.stderr).group(1))
        cm = re.search(r"CPU=([\d.]+)\+([\d.]+)", p.stderr)
        cpu = round((float(cm.group(1)) + float(cm.group(2))) * 1000)
        m = re.search(r"first_ms=(-?\d+)", p.stderr)
        first = int(m.group(1)) if m else None
        rows.append(dict(round=r, name=name, wall_ms=round(wall, 1), first_ms=first, rss_kb=rss, cpu_ms=cpu, rc=p.returncode))
        if p.returncode not in (0, 1):
            print("FAIL", name, p.returncode, p.stderr[-500:], file=sys.stderr)
up1 = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
path = f"results/{stamp}.csv"
with open(path, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)
print(f"uptime before: {up0}\nuptime after:  {up1}\nraw: {path}  ({n} alternated rounds)")
print(f"{'variant':28} {'wall p50':>9} {'min':>7} {'max':>7} {'first p50':>9} {'RSS p50 MB':>10} {'CPU p50':>8} rc")
for name, _ in variants:
    rs = [x for x in rows if x["name"] == name]
    walls = [x["wall_ms"] for x in rs]; firsts = [x["first_ms"] for x in rs if x["first_ms"] is not None]
    print(f"{name:28} {statistics.median(walls):9.1f} {min(walls):7.1f} {max(walls):7.1f} "
          f"{(statistics.median(firsts) if firsts else float('nan')):9.1f} "
          f"{statistics.median(x['rss_kb'] for x in rs)/1024:10.1f} {statistics.median(x['cpu_ms'] for x in rs):8.0f} {sorted(set(x['rc'] for x in rs))}")
