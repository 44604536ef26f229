"""The peers' SPSS read in Python, timed: the whole file (every column, value labels in the
metadata). Prints one JSON line, and on stderr a CHECK line (rows, the sum of the weights,
and the count of each labelled category of q5 and educ).

    python3 benches/peers/workload_sav.py READER poll_glm.sav

READER is `pyreadstat` (`pyreadstat.read_sav`, its default pandas output),
`pyreadstat-polars` (the same with `output_format="polars"`) or `svy`
(`svy.io.read_spss_with_labels`: the read behind `svy.read_spss`, which drops the labels it
returns; svy-io into polars).
"""
import json
import math
import sys
import time

reader, path = sys.argv[1], sys.argv[2]
if reader.startswith("pyreadstat"):
    import pyreadstat

    if reader == "pyreadstat":
        import pandas  # noqa: F401 -- library loading, not the read

    version = f"pyreadstat {pyreadstat.__version__}"
    fmt = {"pyreadstat": None, "pyreadstat-polars": "polars"}[reader]
elif reader == "svy":
    import svy
    import svy.io

    version = f"svy {svy.__version__}"
else:
    sys.exit(f"reader: pyreadstat, pyreadstat-polars or svy, not {reader!r}")

t0 = time.perf_counter()
if reader == "svy":
    df, meta, _ = svy.io.read_spss_with_labels(path)
    sets = {s["set_name"]: s["mapping"] for s in meta["value_labels"]}
    labels = {v["name"]: {float(k): lab for k, lab in sets[v["label_set"]].items()}
              for v in meta["vars"] if v["label_set"] in sets}
else:
    df, meta = pyreadstat.read_sav(path, output_format=fmt)
    labels = meta.variable_value_labels
t_read = time.perf_counter() - t0


def column(v):
    return [float(x) for x in df[v].to_list()] if hasattr(df[v], "to_list") else list(df[v])


check = {"rows": len(df), "weight": math.fsum(column("weight"))}
for v in ("q5", "educ"):
    codes = column(v)
    for code, lab in sorted((labels or {}).get(v, {}).items()):
        check[f"{v}={lab}"] = sum(1 for c in codes if c == code)
print(f"{reader}: {version}, {len(df)} rows, {len(df.columns)} columns", file=sys.stderr)
print("CHECK " + json.dumps(check), file=sys.stderr)
print(json.dumps({"read": round(t_read, 4), "total": round(t_read, 4)}))
