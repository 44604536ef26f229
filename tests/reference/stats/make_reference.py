#!/usr/bin/env python3
"""Reference values for yoron::stats, computed by statsmodels.

Run from the repository root:
    python3 tests/reference/stats/make_reference.py
It rewrites tests/reference/stats/statsmodels_*.csv and statsmodels_versions.txt. The Rust
tests in tests/stats/reference.rs compare with a relative tolerance of 1e-9 (absolute 1e-15
where the reference value is 0) and print the `call` column on failure.

The values here are exactly what statsmodels returns. Where yoron departs from statsmodels
on purpose, the Rust test says so next to the comparison:
  * proportion_confint(method="normal") at count = 0 or nobs: zero width; yoron falls back to
    the exact (Clopper-Pearson) interval and flags it;
  * proportion_confint(method="jeffreys") at count = 0 (nobs): statsmodels keeps the Beta
    quantile as the lower (upper) bound; yoron sets it to 0 (1) (Brown, Cai & DasGupta 2001);
  * confint_proportions_2indep(method="wald"/"agresti-caffo"): not clipped to [-1, 1] by
    statsmodels; yoron clips and flags. Wald with both variances zero: yoron falls back to
    Newcombe;
  * test_proportions_2indep(method="score", correction=False) with a pooled proportion of
    0 or 1: statsmodels gives nan; yoron gives z = 0, p = 1.
"""

import csv
import platform
import sys
import warnings

import numpy
import scipy
import statsmodels
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    test_proportions_2indep,
)

OUT = "tests/reference/stats"
LEVELS = [0.8, 0.9, 0.95, 0.99]
HEADER_TOL = "# tolerance: relative 1e-9 (absolute 1e-15 where the reference is 0)"

warnings.simplefilter("ignore")


def r17(v):
    return "NA" if v != v else repr(float(v))


def write(name, title, header, rows):
    with open(f"{OUT}/{name}", "w", newline="") as f:
        f.write(f"# {title}\n{HEADER_TOL}\n")
        w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r17(v) if isinstance(v, float) else v for v in r])


# One proportion ------------------------------------------------------------------------
grid = []
for n in [1, 2, 5, 10, 30, 100, 1010, 100000]:
    xs = sorted({0, 1, 2, n // 3, n // 2, n - 1, n})
    grid += [(float(x), float(n)) for x in xs if 0 <= x <= n]
grid += [(0.38 * 1010 / 1.3, 1010 / 1.3), (2.1, 10.5), (0.0, 3.7), (3.7, 3.7), (0.5, 7.25)]

METHODS = {
    "wald": "normal",
    "wilson": "wilson",
    "agresti-coull": "agresti_coull",
    "clopper-pearson": "beta",
    "jeffreys": "jeffreys",
}
rows = []
for x, n in grid:
    for level in LEVELS:
        for ours, theirs in METHODS.items():
            lo, hi = proportion_confint(x, n, alpha=1 - level, method=theirs)
            call = f"proportion_confint({x!r}, {n!r}, alpha={1 - level!r}, method={theirs!r})"
            rows.append([ours, x, n, level, lo, hi, call])
write("statsmodels_one_proportion.csv", "one proportion: statsmodels proportion_confint",
      ["method", "x", "n", "level", "low", "high", "call"], rows)

# Two independent proportions -------------------------------------------------------------
pairs = [(38, 100, 30, 90), (384, 1010, 364, 1010), (0, 10, 0, 10), (10, 10, 10, 10),
         (0, 10, 10, 10), (10, 10, 0, 10), (1, 2, 0, 1), (5, 5, 0, 5), (1, 1000, 3, 1000),
         (41000, 100000, 40500, 100000), (0, 30, 3, 30), (29, 30, 30, 30), (7, 13, 2, 9),
         (0.38 * 776.9, 776.9, 0.36 * 800.5, 800.5)]
rows = []
for x1, n1, x2, n2 in pairs:
    for level in LEVELS:
        a = 1 - level
        out = [float(x1), float(n1), float(x2), float(n2), level]
        for m in ["newcomb", "wald", "agresti-caffo"]:
            lo, hi = confint_proportions_2indep(x1, n1, x2, n2, method=m, compare="diff", alpha=a)
            out += [float(lo), float(hi)]
        t = test_proportions_2indep(x1, n1, x2, n2, method="score", correction=False,
                                    compare="diff", alternative="two-sided")
        out += [float(t.statistic), float(t.pvalue)]
        out.append(f"confint_proportions_2indep({x1!r}, {n1!r}, {x2!r}, {n2!r}, "
                   f"method=<newcomb|wald|agresti-caffo>, compare='diff', alpha={a!r}); "
                   f"test_proportions_2indep(..., method='score', correction=False)")
        rows.append(out)
write("statsmodels_two_proportions.csv",
      "two independent proportions: confint_proportions_2indep and test_proportions_2indep",
      ["x1", "n1", "x2", "n2", "level", "newcombe_low", "newcombe_high", "wald_low",
       "wald_high", "agresti_caffo_low", "agresti_caffo_high", "z", "p_value", "call"], rows)

with open(f"{OUT}/statsmodels_versions.txt", "w") as f:
    f.write(f"python {sys.version.split()[0]} ({platform.platform()})\n")
    f.write(f"statsmodels {statsmodels.__version__}\n")
    f.write(f"scipy {scipy.__version__}\n")
    f.write(f"numpy {numpy.__version__}\n")
