#!/usr/bin/env python3
"""Writes respondents.csv: a small synthetic two-country poll for notebook 03.

    python3 make_respondents.py            # rewrites respondents.csv beside this script

Made-up data, not a real survey: 600 respondents in Japan and 600 in South Korea, three
regions (strata) per country, 8 sampling points (PSUs) of 25 per region, a design weight
per region, and a sample that is deliberately unbalanced by sex and age (too many older
Japanese, too many younger Koreans) so that raking to the population margins in
margins.csv visibly moves the estimates. Answers depend on country and age, with a shared
effect per sampling point (clustering). Seeded: the file is the same on every run.
"""

import csv
import math
import pathlib
import random

SEED = 20161
HERE = pathlib.Path(__file__).resolve().parent

# Per country: regions with their design weights; sample shares of women and of age groups.
COUNTRIES = {
    "JP": {
        "regions": {"JP-East": 1.2, "JP-Central": 0.9, "JP-West": 1.0},
        "female": 0.56,
        "ages": {"18-39": 0.18, "40-59": 0.32, "60+": 0.50},
        # log-odds of naming China a military threat, by age group
        "threat": {"18-39": 0.9, "40-59": 1.3, "60+": 1.7},
        # chance of a good impression of the other country, by age group
        "good": {"18-39": 0.47, "40-59": 0.36, "60+": 0.27},
    },
    "KR": {
        "regions": {"KR-Capital": 1.3, "KR-Central": 0.8, "KR-South": 0.9},
        "female": 0.46,
        "ages": {"18-39": 0.42, "40-59": 0.36, "60+": 0.22},
        "threat": {"18-39": -0.7, "40-59": -0.4, "60+": 0.1},
        "good": {"18-39": 0.40, "40-59": 0.28, "60+": 0.18},
    },
}
PSUS_PER_REGION = 8
PER_PSU = 25


def pick(rng, shares):
    """A key of `shares`, drawn with those probabilities."""
    r, acc = rng.random(), 0.0
    for key, p in shares.items():
        acc += p
        if r < acc:
            return key
    return key


def main():
    rng = random.Random(SEED)
    rows = []
    for country, c in COUNTRIES.items():
        for region, weight in c["regions"].items():
            for k in range(1, PSUS_PER_REGION + 1):
                psu = f"{region}-{k:02d}"
                cluster = rng.gauss(0.0, 0.25)  # shared by the sampling point
                for _ in range(PER_PSU):
                    sex = "F" if rng.random() < c["female"] else "M"
                    age = pick(rng, c["ages"])
                    threat_logit = c["threat"][age] + cluster
                    threat = "yes" if rng.random() < 1 / (1 + math.exp(-threat_logit)) else "no"
                    good = min(max(c["good"][age] + cluster / 4, 0.0), 1.0)
                    r = rng.random()
                    impression = "good" if r < good else ("bad" if r < good + (1 - good) * 0.6 else "neither")
                    rows.append({
                        "id": len(rows) + 1,
                        "country": country,
                        "region": region,
                        "psu": psu,
                        "design_weight": weight,
                        "sex": sex,
                        "age": age,
                        "country_sex": f"{country}:{sex}",
                        "country_age": f"{country}:{age}",
                        "threat_china": threat,
                        "impression": impression,
                    })
    with open(HERE / "respondents.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
