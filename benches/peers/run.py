#!/usr/bin/env python3
"""Side-by-side timing of yoron, R's survey package and Python's svy on the same file.

The workload (each tool times its own steps, after its libraries are loaded):
read the CSV (the needed columns), declare the design (weights, 20 strata, 2,000 PSUs),
proportions of a 5-category and a binary question with SEs, the 5-category question by
country with the JP - KR contrast and its SE, raking to sex and age-group margins.

    python3 benches/peers/run.py [--rows 1000000] [--repeat 3] [--workdir /tmp/yoron-peers]

Run from the repository root. yoron runs as the release `peers_yoron` bench binary
(`cargo bench --bench peers_yoron`, built on first use). A peer that is not installed
(`Rscript` with the survey package; `pip install svy`) is skipped with a message.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, label):
    """Runs cmd, returns (timings dict, peak RSS in MiB or None)."""
    timed = ["/usr/bin/time", "-f", "MAXRSS %M"] + cmd if os.path.exists("/usr/bin/time") else cmd
    p = subprocess.run(timed, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{label} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    line = [l for l in p.stdout.splitlines() if l.startswith("{")][-1]
    rss = [l for l in p.stderr.splitlines() if l.startswith("MAXRSS")]
    notes = [l for l in p.stderr.splitlines() if l.startswith(("yoron:", "R:", "svy"))]
    for n in notes[:1]:
        print(f"    {n}")
    return json.loads(line), (int(rss[-1].split()[1]) / 1024 if rss else None)


def median_run(cmd, label, repeat):
    results = [run(cmd, label) for _ in range(repeat)]
    best = min(results, key=lambda r: r[0]["total"])
    med = statistics.median(r[0]["total"] for r in results)
    return best[0], med, max((r[1] or 0) for r in results)


def have_r():
    if not shutil.which("Rscript"):
        return "Rscript not found (apt-get install r-base-core r-cran-survey)"
    p = subprocess.run(["Rscript", "-e", "library(survey)"], capture_output=True)
    return None if p.returncode == 0 else "R package survey not installed (apt-get install r-cran-survey)"


def have_svy():
    p = subprocess.run([sys.executable, "-c", "import svy"], capture_output=True)
    return None if p.returncode == 0 else "Python package svy not installed (pip install svy)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workdir", default="/tmp/yoron-peers")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    data = os.path.join(a.workdir, f"poll_{a.rows}.csv")
    margins = os.path.join(a.workdir, "margins.csv")
    bench = ["cargo", "bench", "-q", "--bench", "peers_yoron", "--"]
    if not os.path.exists(data):
        print(f"generating {data}")
        subprocess.run(bench + ["--generate", str(a.rows), "--data", data, "--margins", margins], check=True)
    # Build once outside the timed runs.
    subprocess.run(["cargo", "bench", "-q", "--bench", "peers_yoron", "--no-run"], check=True)
    size = os.path.getsize(data) / 2**20
    print(f"{a.rows:,} respondents, {size:.0f} MiB CSV; best of {a.repeat} (median in brackets), seconds\n")

    peers = {}
    print("yoron")
    peers["yoron"] = median_run(bench + ["--data", data, "--margins", margins], "yoron", a.repeat)
    why = have_r()
    if why:
        print(f"R survey: skipped: {why}")
    else:
        print("R survey")
        peers["R survey"] = median_run(["Rscript", os.path.join(HERE, "workload.R"), data, margins], "R", a.repeat)
    why = have_svy()
    if why:
        print(f"svy: skipped: {why}")
    else:
        print("Python svy")
        peers["svy"] = median_run([sys.executable, os.path.join(HERE, "workload_svy.py"), data, margins], "svy", a.repeat)

    steps = ["read", "design", "proportions", "by_country", "rake", "total"]
    print()
    print(f"{'':10}" + "".join(f"{s:>13}" for s in steps) + f"{'(median)':>10}{'peak MiB':>10}")
    for name, (t, med, rss) in peers.items():
        print(f"{name:10}" + "".join(f"{t[s]:13.3f}" for s in steps) + f"{med:10.3f}{rss:10.0f}")
    y = peers["yoron"][0]["total"]
    print()
    for name, (t, _, _) in peers.items():
        if name != "yoron":
            print(f"{name} / yoron = {t['total'] / y:.1f}x (total, best runs)")


if __name__ == "__main__":
    main()
