"""The peers' logistic-regression workload in Python's svy, timed step by step; prints one
JSON line, and on stderr a CHECK line of every coefficient and SE at full precision.

    python3 benches/peers/workload_glm_svy.py poll_glm.csv [converged]

The model (run.py --glm): trust ~ age + income + ideology + hhsize + sex + educ, logistic, in
the stratified clustered design. svy's family "binomial" gives the coefficients and the
Taylor (sandwich) SEs of R's svyglm(family = quasibinomial()): neither depends on the
dispersion. sex and educ are categorical with the references R takes by default (F and
primary, the first in sorted order), given explicitly.
"""
import json
import sys
import time

import polars as pl
import scipy.stats  # noqa: F401 -- svy imports it inside fit(); library loading, not the fit
import svy

data_path = sys.argv[1]
t0 = time.perf_counter()
t = {}


def tick(name):
    global t0
    now = time.perf_counter()
    t[name] = now - t0
    t0 = now


cols = ["stratum", "psu", "weight", "sex", "age", "educ", "income", "ideology", "hhsize", "trust"]
df = pl.read_csv(data_path, columns=cols)
tick("read")
s = svy.Sample(df, svy.Design(stratum="stratum", psu="psu", wgt="weight"))
tick("design")
# svy's default tolerance (1e-8) is timed, as R's default is; the agreement check
# ("converged") fits to convergence.
converged = sys.argv[2:3] == ["converged"]
model = s.glm.fit(
    y="trust",
    x=["age", "income", "ideology", "hhsize", svy.Cat("sex", ref="F"), svy.Cat("educ", ref="primary")],
    family="binomial",
    **({"tol": 1e-12, "max_iter": 50} if converged else {}),
)
fit = model.fitted
tick("fit")
t["total"] = sum(t.values())

# Keys shared by the three tools: intercept, numeric terms by name, levels as term=level.
key = {"_intercept_": "intercept", "sex_M": "sex=M", "educ_secondary": "educ=secondary",
       "educ_tertiary": "educ=tertiary"}
check = {key.get(c.term, c.term): [float(c.est), float(c.se)] for c in fit.coefs}
sex = check["sex=M"]
print(
    f"svy {svy.__version__}: {df.height} rows; {len(check)} coefficients in {fit.stats.iterations} "
    f"iterations (df {fit.coefs[0].wald.df:g}); sex=M {sex[0]:.5f} (se {sex[1]:.5f})",
    file=sys.stderr,
)
print("CHECK " + json.dumps(check), file=sys.stderr)
print(json.dumps({k: round(v, 4) for k, v in t.items()}))
