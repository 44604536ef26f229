"""Reference values for yoron::pool from statsmodels' state-space models.

An independent implementation of the pooling model of issue 14:

    y_i = alpha_{t(i)} + delta_{j(i)} + eps_i,   eps_i ~ N(0, v_i),  v_i = y (100 - y) / n
    alpha_t = alpha_{t-1} + eta_t,               eta_t ~ N(0, sigma^2) per day

as a custom statsmodels MLEModel with one observation per time step (polls sorted by date,
same-day polls one after another), a time-varying design row (alpha + delta_j, the last
house's delta = -sum of the others: effects sum to zero), a time-varying observation
variance v_i, a time-varying state variance gap_days * sigma^2 on alpha only, and statsmodels'
EXACT diffuse initialisation of every state (initialization="diffuse").

sigma is found by maximising statsmodels' log-likelihood over log(sigma) with scipy's bounded
Brent (xatol 1e-12); the filter/smoother are also evaluated at a FIXED sigma so that those
values can be compared without any optimiser in the way.

Inputs (committed): sim_input.csv (simulated here, seeded) and real_jp_input.csv (the bundled
JP polls of positive_view_of_other as yoron reads them with assume_n = 1000; see README.md).
Outputs: <name>_scalars.csv, <name>_trend.csv, <name>_houses.csv. Run from the repository root:

    python3 tests/reference/pool/make_reference.py
"""

import csv
import datetime as dt
import os
import platform

import numpy as np
import scipy
import scipy.optimize
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_SIGMA = 0.25


def read_input(name):
    rows = list(csv.DictReader(open(os.path.join(HERE, name))))
    houses = []
    for r in rows:
        if r["house"] not in houses:
            houses.append(r["house"])
    day = np.array([dt.date.fromisoformat(r["date"]).toordinal() for r in rows])
    # yoron sorts by (day, input order): a stable sort does the same.
    order = np.argsort(day, kind="stable")
    y = np.array([float(r["percent"]) for r in rows])[order]
    n = np.array([float(r["n"]) for r in rows])[order]
    h = np.array([houses.index(r["house"]) for r in rows])[order]
    d = day[order]
    dates = [rows[i]["date"] for i in order]
    return houses, d, y, n, h, dates


class Pool(sm.tsa.statespace.MLEModel):
    def __init__(self, y, var, house, gaps, n_houses):
        k = n_houses  # alpha and J - 1 free effects
        super().__init__(y, k_states=k, k_posdef=1, initialization="diffuse")
        nobs = len(y)
        design = np.zeros((1, k, nobs))
        design[0, 0, :] = 1.0
        for i, j in enumerate(house):
            if j < n_houses - 1:
                design[0, j + 1, i] = 1.0
            else:
                design[0, 1:, i] = -1.0
        self["design"] = design
        self["obs_cov"] = var.reshape(1, 1, nobs)
        self["transition"] = np.eye(k)
        sel = np.zeros((k, 1))
        sel[0, 0] = 1.0
        self["selection"] = sel
        # state_cov[..., i] drives alpha from step i to step i + 1.
        self.gaps = np.append(gaps, 0.0)
        self["state_cov"] = np.zeros((1, 1, nobs))

    @property
    def param_names(self):
        return ["log_sigma"]

    @property
    def start_params(self):
        return np.array([np.log(0.3)])

    def update(self, params, **kwargs):
        params = super().update(params, **kwargs)
        s2 = np.exp(2 * params[0])
        self["state_cov"] = (self.gaps * s2).reshape(1, 1, -1)


def run(name, input_file):
    houses, d, y, n, h, dates = read_input(input_file)
    var = y * (100 - y) / n
    gaps = np.diff(d).astype(float)
    J = len(houses)
    mod = Pool(y, var, h, gaps, J)

    def nll(theta):
        return -mod.loglike(np.array([theta]))

    opt = scipy.optimize.minimize_scalar(nll, bounds=(np.log(1e-4), np.log(50.0)), method="bounded",
                                         options={"xatol": 1e-12, "maxiter": 500})
    sigma_ml = float(np.exp(opt.x))
    ll_ml = float(-opt.fun)

    rows_scalar = [("sigma_ml", sigma_ml), ("loglik_at_sigma_ml", ll_ml),
                   ("fixed_sigma", FIXED_SIGMA)]
    trend_rows, house_rows, pair_rows = [], [], []
    for label, sigma in (("fixed", FIXED_SIGMA), ("ml", sigma_ml)):
        res = mod.smooth(np.array([np.log(sigma)]))
        rows_scalar.append((f"loglik_{label}", float(res.llf)))
        a = res.smoothed_state
        P = res.smoothed_state_cov
        for i in range(len(y)):
            trend_rows.append((label, i, dates[i], repr(float(a[0, i])), repr(float(P[0, 0, i]))))
        # Effects at the last step (constant over time); the last house is minus the sum.
        last = len(y) - 1
        eff = list(a[1:, last])
        cov = P[1:, 1:, last]
        var_eff = list(np.diag(cov))
        eff.append(-sum(eff))
        var_eff.append(float(np.ones(J - 1) @ cov @ np.ones(J - 1)))
        for j in range(J):
            house_rows.append((label, houses[j], repr(float(eff[j])), repr(float(var_eff[j]))))
        if label == "fixed":
            # Var(delta_a - delta_b) for every pair, from the full smoothed covariance.
            A = np.vstack([np.eye(J - 1), -np.ones((1, J - 1))])
            C = A @ cov @ A.T
            for ha in range(J):
                for hb in range(ha + 1, J):
                    pair_rows.append((houses[ha], houses[hb], repr(float(C[ha, ha] + C[hb, hb] - 2 * C[ha, hb]))))
    with open(os.path.join(HERE, f"{name}_scalars.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "value"])
        for k, v in rows_scalar:
            w.writerow([k, repr(float(v))])
    with open(os.path.join(HERE, f"{name}_trend.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sigma", "step", "date", "alpha", "alpha_var"])
        w.writerows(trend_rows)
    with open(os.path.join(HERE, f"{name}_houses.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sigma", "house", "effect", "effect_var"])
        w.writerows(house_rows)
    with open(os.path.join(HERE, f"{name}_pairs.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["house_a", "house_b", "var_difference_at_fixed_sigma"])
        w.writerows(pair_rows)
    print(name, "sigma_ml", sigma_ml, "loglik", ll_ml, "converged", opt.success)


def simulate():
    """Data drawn from the model: 5 houses, 150 polls over 1,500 days, sigma 0.3 / day."""
    rng = np.random.default_rng(20260414)
    days = 1500
    alpha = 45 + np.cumsum(rng.normal(0, 0.3, days))
    delta = [-3.0, -1.0, 0.0, 1.5, 2.5]
    rows = []
    start = dt.date(2010, 1, 1)
    for _ in range(150):
        t = int(rng.integers(0, days))
        j = int(rng.integers(0, len(delta)))
        n = int(rng.integers(600, 2001))
        p = alpha[t] + delta[j]
        y = round(float(p + rng.normal(0, np.sqrt(p * (100 - p) / n))), 1)
        rows.append(((start + dt.timedelta(days=t)).isoformat(), f"house{j + 1}", y, n))
    with open(os.path.join(HERE, "sim_input.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["date", "house", "percent", "n"])
        w.writerows(rows)


if __name__ == "__main__":
    simulate()
    run("sim", "sim_input.csv")
    run("real_jp", "real_jp_input.csv")
    with open(os.path.join(HERE, "versions.txt"), "w") as f:
        f.write(f"statsmodels {statsmodels.__version__}\nscipy {scipy.__version__}\n"
                f"numpy {np.__version__}\nPython {platform.python_version()}\n")
