#!/usr/bin/env python3
"""Side-by-side timing of yoron, R's survey package and Python's svy on the same file.

The workload (each tool times its own steps, after its libraries are loaded):
read the CSV (the needed columns), declare the design (weights, 20 strata, 2,000 PSUs),
proportions of a 5-category and a binary question with SEs, the 5-category question by
country with the JP - KR contrast and its SE, raking to sex and age-group margins.

    python3 benches/peers/run.py [--rows 1000000] [--repeat 3] [--workdir /tmp/yoron-peers]

With --replicates R the replicate-weight workload runs instead, on the same poll with R
jackknife replicate weights appended (see synthetic.rs): read (weight, q5, country and the R
replicate columns), declare the JK1 replicate design, q5 by country with the JP - KR contrast,
and the Rao-Scott F test of q5 by country (workload_rep.R, workload_rep_svy.py, yoron's
`--replicates` mode). Before the timing, the three tools run once on a small file
(--check-rows x --check-replicates) and the largest differences between their estimates,
SEs and F tests are printed.

With --glm the logistic-regression workload runs instead (issue 18), on the poll with the
regression columns appended (synthetic.rs, `--generate N --glm`): read the CSV (the model's
and the design's columns), declare the design (weights, 20 strata, 2,000 PSUs), and fit
trust ~ age + income + ideology + hhsize + sex + educ, logistic (R quasibinomial), with
Taylor SEs (workload_glm.R, workload_glm_svy.py, yoron's `--glm` mode). The agreement check
on --check-rows fits to convergence; the timed run uses each peer's default tolerance.

With --sav the read of an SPSS .sav of the same file runs instead (make_sav.R writes it with
R haven: value labels on the categorical columns, byte compression): R haven::read_sav,
pyreadstat.read_sav (pandas, and polars output) and svy's read_spss, against yoron's
`--sav` mode (workload_sav.R, workload_sav.py). The check compares rows, the weights' sum
and the labelled categories' counts.

With --replicates, --glm and --sav the tools' timed runs are interleaved, one run of each
tool a round, so that the machine's drift in speed falls on all of them alike; the first
workload runs each tool's repeats one after another.

--without-yoron runs the peers only (yoron is not built; the data files must exist in
--workdir already, since yoron's bench binary writes them).

Run from the repository root. yoron runs as the release `peers_yoron` bench binary
(built first with `cargo bench --bench peers_yoron --no-run`, then run directly, so that
cargo's own memory is not taken for yoron's peak). A peer that is not installed
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


def run(cmd, label, check=None):
    """Runs cmd, returns (timings dict, peak RSS in MiB or None); with a dict as `check`,
    fills it from the tool's CHECK line (its estimates, SEs and F test)."""
    timed = ["/usr/bin/time", "-f", "MAXRSS %M"] + cmd if os.path.exists("/usr/bin/time") else cmd
    p = subprocess.run(timed, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{label} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    line = [l for l in p.stdout.splitlines() if l.startswith("{")][-1]
    rss = [l for l in p.stderr.splitlines() if l.startswith("MAXRSS")]
    notes = [l for l in p.stderr.splitlines() if l.startswith(("yoron:", "R:", "svy", "pyreadstat"))]
    for n in notes[:1]:
        print(f"    {n}")
    if check is not None:
        found = [l for l in p.stderr.splitlines() if l.startswith("CHECK ")]
        if not found:
            sys.exit(f"{label} printed no CHECK line:\n{p.stderr[-3000:]}")
        check.update(json.loads(found[-1][len("CHECK "):]))
    return json.loads(line), (int(rss[-1].split()[1]) / 1024 if rss else None)


def median_run(cmd, label, repeat):
    return summary([run(cmd, label) for _ in range(repeat)])


def summary(results):
    """The best run (by total), the median total and the largest peak of a tool's runs."""
    best = min(results, key=lambda r: r[0]["total"])
    med = statistics.median(r[0]["total"] for r in results)
    return best[0], med, max((r[1] or 0) for r in results)


def interleaved_runs(cmds, repeat):
    """Each tool's `repeat` runs in rounds, one run of every tool a round (yoron, R, svy,
    yoron, ...), so that the machine's drift in speed over the minutes of a measurement
    (on a shared virtual machine, a third either way) falls on every tool alike instead of
    on whichever ran in a slow minute."""
    results = {name: [] for name in cmds}
    for k in range(repeat):
        print(f"round {k + 1} of {repeat}")
        for name, cmd in cmds.items():
            results[name].append(run(cmd, name))
    return {name: summary(r) for name, r in results.items()}


def have_r():
    if not shutil.which("Rscript"):
        return "Rscript not found (apt-get install r-base-core r-cran-survey)"
    p = subprocess.run(["Rscript", "-e", "library(survey)"], capture_output=True)
    return None if p.returncode == 0 else "R package survey not installed (apt-get install r-cran-survey)"


def have_svy():
    p = subprocess.run([sys.executable, "-c", "import svy"], capture_output=True)
    return None if p.returncode == 0 else "Python package svy not installed (pip install svy)"


def agreement(checks):
    """Prints the largest differences between the tools' estimates, SEs and F tests."""
    names = list(checks)
    keys = [k for k in checks[names[0]] if k != "F"]
    for name in names[1:]:
        missing = set(keys) ^ {k for k in checks[name] if k != "F"}
        if missing:
            sys.exit(f"{name} and {names[0]} estimate different rows: {sorted(missing)}")
    print(f"check: {len(keys)} estimates (q5 by country and JP-KR), each with its SE, and the F test")
    for name in names[1:]:
        a, b = checks[names[0]], checks[name]
        d_est = max(abs(a[k][0] - b[k][0]) for k in keys)
        d_se = max(abs(a[k][1] - b[k][1]) for k in keys)
        d_f = max(abs(x - y) / abs(x) for x, y in zip(a["F"][:3], b["F"][:3]))
        print(f"  {name} vs {names[0]}: max |diff| estimate {d_est:.1e}, SE {d_se:.1e}; "
              f"F, ndf, ddf max relative diff {d_f:.1e}; p {a['F'][3]:.3e} vs {b['F'][3]:.3e}")
    gap = checks[names[0]]["JP-KR:agree"]
    f = checks[names[0]]["F"]
    print(f"  ({names[0]}: JP-KR agree {gap[0]:.4f}, SE {gap[1]:.5f}; F {f[0]:.3f} on {f[1]:.3f} and {f[2]:.2f} df)\n")


def yoron_binary():
    """Builds the release bench binary and returns the command that runs it
    (YORON_PEERS_BIN names an already built one instead)."""
    if os.environ.get("YORON_PEERS_BIN"):
        return [os.environ["YORON_PEERS_BIN"]]
    p = subprocess.run(
        ["cargo", "bench", "-q", "--bench", "peers_yoron", "--no-run", "--message-format", "json"],
        capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"building peers_yoron failed:\n{p.stderr[-3000:]}")
    msgs = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    # The yoron CLI is built too (benches may run it); only the bench's executable.
    exe = [m["executable"] for m in msgs
           if m.get("executable") and m.get("target", {}).get("name") == "peers_yoron"]
    if not exe:
        sys.exit("cargo reported no peers_yoron executable")
    return [exe[-1]]


def peers_available():
    """The peers to run: {name: None} or {name: why it is skipped}."""
    return {"R survey": have_r(), "svy": have_svy()}


GLM_COLUMNS = ["age", "educ", "income", "ideology", "hhsize", "trust"]


def generate(bench, rows, path, replicates=0, margins=None, glm=False):
    if not os.path.exists(path):
        if bench is None:
            sys.exit(f"{path} does not exist; without yoron nothing writes it "
                     f"(yoron's bench binary: --generate {rows} --data {path}"
                     f"{' --glm' if glm else ''})")
        print(f"generating {path}")
        cmd = bench + ["--generate", str(rows), "--data", path]
        if replicates:
            cmd += ["--replicates", str(replicates)]
        if margins:
            cmd += ["--margins", margins]
        if glm:
            cmd += ["--glm"]
        subprocess.run(cmd, check=True)
    if glm:
        # A file written before the generator knew --glm lacks the columns: say so, once.
        with open(path) as f:
            header = f.readline().strip().split(",")
        if header[-len(GLM_COLUMNS):] != GLM_COLUMNS:
            os.remove(path)
            sys.exit(f"{path} lacked the regression columns {GLM_COLUMNS} at the end of the "
                     "header (removed); the generator must write them with --glm")


def replicate_commands(bench, data, r):
    return {
        "yoron": bench + ["--data", data, "--replicates", str(r)],
        "R survey": ["Rscript", os.path.join(HERE, "workload_rep.R"), data],
        "svy": [sys.executable, os.path.join(HERE, "workload_rep_svy.py"), data],
    }


def main_replicates(a, bench):
    """The replicate-weight workload: the agreement check on a small file, then the timing."""
    small = os.path.join(a.workdir, f"poll_{a.check_rows}_rep{a.check_replicates}.csv")
    data = os.path.join(a.workdir, f"poll_{a.rows}_rep{a.replicates}.csv")
    generate(bench, a.check_rows, small, a.check_replicates)
    generate(bench, a.rows, data, a.replicates)
    skipped = peers_available()
    for name, why in skipped.items():
        if why:
            print(f"{name}: skipped: {why}")
    names = ["yoron"] + [n for n, why in skipped.items() if not why]

    print(f"agreement on {a.check_rows:,} respondents x {a.check_replicates} replicates")
    checks = {}
    for name in names:
        checks[name] = {}
        run(replicate_commands(bench, small, a.check_replicates)[name], name, checks[name])
    agreement(checks)

    size = os.path.getsize(data) / 2**20
    rep_mib = a.rows * a.replicates * 8 / 2**20
    print(f"{a.rows:,} respondents x {a.replicates} replicate weights, {size:.0f} MiB CSV; "
          f"the replicate columns are {rep_mib:.0f} MiB as f64 (rows x R x 8 bytes)")
    print(f"best of {a.repeat} (median in brackets), seconds\n")
    cmds = replicate_commands(bench, data, a.replicates)
    peers = interleaved_runs({name: cmds[name] for name in names}, a.repeat)
    report(peers, ["read", "design", "by_country", "crosstab", "total"])
    rss = peers["yoron"][2]
    print(f"yoron peak memory / replicate columns = {rss:.0f} / {rep_mib:.0f} MiB = {rss / rep_mib:.2f}x")


def glm_commands(bench, data, converged):
    """The logistic-regression workload's commands; with `converged`, the peers fit to
    convergence (the agreement check) instead of with their default tolerance (the timing).
    yoron always fits to convergence."""
    extra = ["converged"] if converged else []
    cmds = {
        "R survey": ["Rscript", os.path.join(HERE, "workload_glm.R"), data] + extra,
        "svy": [sys.executable, os.path.join(HERE, "workload_glm_svy.py"), data] + extra,
    }
    if bench is not None:
        cmds = {"yoron": bench + ["--data", data, "--glm"], **cmds}
    return cmds


def glm_agreement(checks):
    """Prints the largest differences between the tools' coefficients and SEs."""
    names = list(checks)
    keys = list(checks[names[0]])
    for name in names[1:]:
        if set(keys) != set(checks[name]):
            sys.exit(f"{name} and {names[0]} name different coefficients: "
                     f"{sorted(set(keys) ^ set(checks[name]))}")
    print(f"check: {len(keys)} coefficients ({', '.join(keys)}), each with its SE")
    for name in names[1:]:
        a, b = checks[names[0]], checks[name]
        d_est = max(abs(a[k][0] - b[k][0]) for k in keys)
        d_se = max(abs(a[k][1] - b[k][1]) for k in keys)
        r_est = max(abs(a[k][0] - b[k][0]) / abs(a[k][0]) for k in keys)
        r_se = max(abs(a[k][1] - b[k][1]) / abs(a[k][1]) for k in keys)
        print(f"  {name} vs {names[0]}: max |diff| estimate {d_est:.1e} (relative {r_est:.1e}), "
              f"SE {d_se:.1e} (relative {r_se:.1e})")
    sex = checks[names[0]]["sex=M"]
    print(f"  ({names[0]}: sex=M {sex[0]:.5f}, SE {sex[1]:.5f})\n")


def main_glm(a, bench):
    """The logistic-regression workload: the agreement check on a small file, then the timing."""
    small = os.path.join(a.workdir, f"poll_{a.check_rows}_glm.csv")
    data = os.path.join(a.workdir, f"poll_{a.rows}_glm.csv")
    generate(bench, a.check_rows, small, glm=True)
    generate(bench, a.rows, data, glm=True)
    names = available(bench)

    print(f"agreement on {a.check_rows:,} respondents (fitted to convergence)")
    checks = {}
    for name in names:
        checks[name] = {}
        run(glm_commands(bench, small, True)[name], name, checks[name])
    glm_agreement(checks)

    size = os.path.getsize(data) / 2**20
    print(f"{a.rows:,} respondents, {size:.0f} MiB CSV; trust ~ age + income + ideology + hhsize "
          f"+ sex + educ, logistic; best of {a.repeat} (median in brackets), seconds\n")
    cmds = glm_commands(bench, data, False)
    peers = interleaved_runs({name: cmds[name] for name in names}, a.repeat)
    report(peers, ["read", "design", "fit", "total"])


def sav_commands(bench, sav):
    cmds = {
        "R haven": ["Rscript", os.path.join(HERE, "workload_sav.R"), sav],
        "pyreadstat": [sys.executable, os.path.join(HERE, "workload_sav.py"), "pyreadstat", sav],
        "pyreadstat-polars": [sys.executable, os.path.join(HERE, "workload_sav.py"), "pyreadstat-polars", sav],
        "svy": [sys.executable, os.path.join(HERE, "workload_sav.py"), "svy", sav],
    }
    if bench is not None:
        cmds = {"yoron": bench + ["--data", sav, "--sav"], **cmds}
    return cmds


def sav_readers(bench):
    """The .sav readers to run, each one's absence said once."""
    have = {
        "R haven": None if shutil.which("Rscript") and subprocess.run(
            ["Rscript", "-e", "library(haven)"], capture_output=True).returncode == 0
        else "R package haven not installed (apt-get install r-cran-haven)",
        "pyreadstat": python_has("pyreadstat", "pandas"),
        "pyreadstat-polars": python_has("pyreadstat", "polars"),
        "svy": python_has("svy"),
    }
    for name, why in have.items():
        if why:
            print(f"{name}: skipped: {why}")
    return (["yoron"] if bench is not None else []) + [n for n, why in have.items() if not why]


def python_has(*modules):
    p = subprocess.run([sys.executable, "-c", f"import {', '.join(modules)}"], capture_output=True)
    return None if p.returncode == 0 else f"Python packages {', '.join(modules)} not all installed (pip install)"


def make_sav(csv, sav):
    if os.path.exists(sav):
        return
    print(f"writing {sav} (R haven)")
    p = subprocess.run(["Rscript", os.path.join(HERE, "make_sav.R"), csv, sav], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"make_sav.R failed:\n{p.stderr[-3000:]}")


def main_sav(a, bench):
    """Reading the 1M-row .sav: the check (rows, weights, category counts), then the timing."""
    sizes = [a.check_rows, a.rows]
    for rows in sizes:
        csv = os.path.join(a.workdir, f"poll_{rows}_glm.csv")
        generate(bench, rows, csv, glm=True)
        make_sav(csv, os.path.join(a.workdir, f"poll_{rows}_glm.sav"))
    small, data = (os.path.join(a.workdir, f"poll_{rows}_glm.sav") for rows in sizes)
    names = sav_readers(bench)

    print(f"agreement on {a.check_rows:,} respondents")
    checks = {}
    for name in names:
        checks[name] = {}
        run(sav_commands(bench, small)[name], name, checks[name])
    first = names[0]
    for name in names[1:]:
        x, y = checks[first], checks[name]
        if {k: v for k, v in x.items() if k != "weight"} != {k: v for k, v in y.items() if k != "weight"}:
            sys.exit(f"{name} and {first} read different rows or categories:\n{x}\n{y}")
        print(f"  {name} vs {first}: same rows and category counts; weights' sum relative diff "
              f"{abs(x['weight'] - y['weight']) / x['weight']:.1e}")

    size = os.path.getsize(data) / 2**20
    print(f"\n{a.rows:,} respondents, {size:.0f} MiB .sav (15 columns, byte-compressed); "
          f"best of {a.repeat} (median in brackets), seconds\n")
    cmds = sav_commands(bench, data)
    peers = interleaved_runs({name: cmds[name] for name in names}, a.repeat)
    report(peers, ["read"])


def available(bench):
    """yoron (unless --without-yoron) and the installed peers, each absence said once."""
    skipped = peers_available()
    for name, why in skipped.items():
        if why:
            print(f"{name}: skipped: {why}")
    return (["yoron"] if bench is not None else []) + [n for n, why in skipped.items() if not why]


def report(peers, steps):
    print()
    w = max(10, max(len(n) for n in peers) + 1)
    print(f"{'':{w}}" + "".join(f"{s:>13}" for s in steps) + f"{'(median)':>10}{'peak MiB':>10}")
    for name, (t, med, rss) in peers.items():
        print(f"{name:{w}}" + "".join(f"{t[s]:13.3f}" for s in steps) + f"{med:10.3f}{rss:10.0f}")
    if "yoron" not in peers:
        return
    y = peers["yoron"][0]["total"]
    print()
    for name, (t, _, _) in peers.items():
        if name != "yoron":
            print(f"{name} / yoron = {t['total'] / y:.1f}x (total, best runs)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workdir", default="/tmp/yoron-peers")
    ap.add_argument("--replicates", type=int, default=0,
                    help="run the replicate-weight workload with this many replicate weights")
    ap.add_argument("--glm", action="store_true",
                    help="run the logistic-regression workload (issue 18)")
    ap.add_argument("--sav", action="store_true",
                    help="time reading the poll as an SPSS .sav (issue 18)")
    ap.add_argument("--without-yoron", action="store_true",
                    help="--glm or --sav: run the peers only (the data files must exist)")
    ap.add_argument("--check-rows", type=int, default=20_000)
    ap.add_argument("--check-replicates", type=int, default=10)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    if a.without_yoron and not (a.glm or a.sav):
        sys.exit("--without-yoron goes with --glm or --sav")
    bench = None if a.without_yoron else yoron_binary()
    if a.glm:
        return main_glm(a, bench)
    if a.sav:
        return main_sav(a, bench)
    if a.replicates:
        return main_replicates(a, bench)
    data = os.path.join(a.workdir, f"poll_{a.rows}.csv")
    margins = os.path.join(a.workdir, "margins.csv")
    if not os.path.exists(data):
        print(f"generating {data}")
        subprocess.run(bench + ["--generate", str(a.rows), "--data", data, "--margins", margins], check=True)
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

    report(peers, ["read", "design", "proportions", "by_country", "rake", "total"])


if __name__ == "__main__":
    main()
