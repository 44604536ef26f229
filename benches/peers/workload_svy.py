"""The peers' workload in Python's svy, timed step by step; prints one JSON line.

    python3 benches/peers/workload_svy.py poll.csv margins.csv
"""
import json
import sys
import time

import polars as pl
import svy

data_path, margins_path = sys.argv[1], sys.argv[2]
cols = ["country", "stratum", "psu", "weight", "sex", "agegrp", "q5", "qbin"]
t0 = time.perf_counter()
t = {}


def tick(name):
    global t0
    now = time.perf_counter()
    t[name] = now - t0
    t0 = now


df = pl.read_csv(data_path, columns=cols, schema_overrides={"qbin": pl.Utf8, "psu": pl.Utf8})
tick("read")
s = svy.Sample(df, svy.Design(stratum="stratum", psu="psu", wgt="weight"))
tick("design")
props = s.estimation.prop(["q5", "qbin"])
tick("proportions")
by = s.estimation.prop("q5", by="country")
categories = ["agree", "lean_agree", "neutral", "lean_disagree", "disagree"]
con = {c: {("JP", c): 1, ("KR", c): -1} for c in categories}
contrast = by.contrast(con)
tick("by_country")
m = pl.read_csv(margins_path)
shares = {
    v: {r["category"]: r["share"] for r in m.filter(pl.col("variable") == v).iter_rows(named=True)}
    for v in ["sex", "agegrp"]
}
raked = s.weighting.rake(shares=shares)
tick("rake")
t["total"] = sum(t.values())
print(f"svy {svy.__version__}: {contrast}", file=sys.stderr)
print(json.dumps({k: round(v, 4) for k, v in t.items()}))
