"""The peers' replicate-weight workload in Python's svy, timed step by step; prints one JSON
line, and on stderr a CHECK line of every estimate and SE and the F test.

    python3 benches/peers/workload_rep_svy.py poll_rep.csv
"""
import json
import re
import sys
import time

import polars as pl
import svy

data_path = sys.argv[1]
t0 = time.perf_counter()
t = {}


def tick(name):
    global t0
    now = time.perf_counter()
    t[name] = now - t0
    t0 = now


# The replicate columns from the header, as the other tools find them.
reps = [c for c in pl.read_csv(data_path, n_rows=0).columns if re.fullmatch(r"rep[0-9]+", c)]
r = len(reps)
df = pl.read_csv(
    data_path,
    columns=["country", "weight", "q5"] + reps,
    schema_overrides={c: pl.Float64 for c in reps},
)
tick("read")
# JK1 with (R - 1)/R given explicitly, as the other tools are told; svy's df is R - 1
# (R's and yoron's rank - 1 of these full-rank replicates).
s = svy.Sample(
    df,
    svy.Design(
        wgt="weight",
        rep_wgts=svy.JackknifeWgts(prefix="rep", n_reps=r, kind="jk1", scale=(r - 1) / r),
    ),
)
tick("design")
by = s.estimation.prop("q5", by="country", method="replication")
categories = ["agree", "lean_agree", "neutral", "lean_disagree", "disagree"]
contrast = by.contrast({c: {("JP", c): 1, ("KR", c): -1} for c in categories})
tick("by_country")
tab = s.categorical.tabulate("q5", "country", method="replication")
f = tab.stats.f
tick("crosstab")
t["total"] = sum(t.values())

est = by.to_polars()
con = contrast.to_polars()
check = {}
for row in est.iter_rows(named=True):
    check[f"{row['country']}:{row['q5']}"] = [row["est"], row["se"]]
for row in con.iter_rows(named=True):
    check[f"JP-KR:{row['contrast']}"] = [row["est"], row["se"]]
check["F"] = [f.value, f.df_num, f.df_den, f.p_value]
gap = check["JP-KR:agree"]
print(
    f"svy {svy.__version__}: {df.height} rows, {r} replicates; JP-KR agree {gap[0]:.4f} (se {gap[1]:.5f}); "
    f"F {f.value:.3f} on {f.df_num:.3f} and {f.df_den:.2f} df",
    file=sys.stderr,
)
print("CHECK " + json.dumps(check), file=sys.stderr)
print(json.dumps({k: round(v, 4) for k, v in t.items()}))
