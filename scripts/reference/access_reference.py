#!/usr/bin/env python3
"""Reference values for QuartierAccess from PySAL `access` on a small, deterministic synthetic case.

Writes Tests/Fixtures/access/{origins,facilities,reference}.csv and reference.txt (versions, parameters).
Usage: python3 scripts/reference/access_reference.py   (needs: pip install access==1.1.10.post3)

The cost table holds every origin–facility pair with its Euclidean distance in metres (scipy cdist), so
the `max_cost` of each call alone decides the catchment, inclusively (`cost <= max_cost`, as in
access.fca.weighted_catchment). We do not use `access.create_euclidean_distance`, whose `threshold` keeps
d < threshold. E2SFCA steps are passed in metres (its default steps {10, 20, 30} are minutes).
"""
import datetime
import importlib.metadata as md
import pathlib
import sys

import numpy as np
import pandas as pd
from scipy.spatial.distance import cdist

import access
from access import weights

out = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Fixtures" / "access"
out.mkdir(parents=True, exist_ok=True)

rng = np.random.default_rng(20240611)
n, m = 200, 30
# 10 km x 10 km in EPSG:25833 metres, rounded to centimetres so the CSV is exact.
ox = np.round(rng.uniform(390_000, 400_000, n), 2)
oy = np.round(rng.uniform(5_810_000, 5_820_000, n), 2)
demand = rng.integers(0, 500, n).astype(float)
demand[:5] = 0.0  # some empty cells
fx = np.round(rng.uniform(390_000, 400_000, m), 2)
fy = np.round(rng.uniform(5_810_000, 5_820_000, m), 2)
capacity = rng.integers(1, 10, m).astype(float)
capacity[3] = 0.0  # zero capacity is allowed

pd.DataFrame({"x": ox, "y": oy, "demand": demand}).to_csv(out / "origins.csv", index_label="id", float_format="%.2f")
pd.DataFrame({"x": fx, "y": fy, "capacity": capacity}).to_csv(
    out / "facilities.csv", index_label="id", float_format="%.2f")

d = cdist(np.c_[ox, oy], np.c_[fx, fy])
cost = pd.DataFrame(
    {"origin": np.repeat(np.arange(n), m), "dest": np.tile(np.arange(m), n), "cost": d.ravel()})
demand_df = pd.DataFrame({"geoid": np.arange(n), "pop": demand})
supply_df = pd.DataFrame({"geoid": np.arange(m), "cap": capacity})

A = access.Access(
    demand_df=demand_df, demand_index="geoid", demand_value="pop",
    supply_df=supply_df, supply_index="geoid", supply_value="cap",
    cost_df=cost, cost_origin="origin", cost_dest="dest", cost_name="cost")

D = 1500.0
steps = {500.0: 1.0, 1000.0: 0.68, 1500.0: 0.22}
sigma_fca, sigma_gravity, beta, gravity_max = 750.0, 1000.0, 1.5, 3000.0
cols = {
    "fca2": A.two_stage_fca(name="fca2", max_cost=D),
    "e2sfca": A.enhanced_two_stage_fca(name="e2sfca", max_cost=D, weight_fn=weights.step_fn(steps)),
    "gaussian_fca": A.two_stage_fca(name="gfca", max_cost=D, weight_fn=weights.gaussian(sigma_fca)),
    "cumulative": A.weighted_catchment(name="cum", max_cost=D),
    "gravity_power": A.weighted_catchment(
        name="gp", max_cost=gravity_max, weight_fn=weights.gravity(scale=1, alpha=-beta, min_dist=1)),
    "gravity_gaussian": A.weighted_catchment(
        name="gg", max_cost=gravity_max, weight_fn=weights.gaussian(sigma_gravity)),
}
ref = pd.DataFrame({"id": np.arange(n)})
for key, frame in cols.items():
    series = frame.iloc[:, 0]
    # access leaves origins with nothing in reach out (NaN) or at 0; write NaN as empty.
    ref[key] = series.reindex(np.arange(n)).to_numpy()
ref["count_within"] = (d <= D).sum(axis=1)
ref["nearest_distance"] = d.min(axis=1)
ref["nearest_facility"] = d.argmin(axis=1)
ref["third_nearest_distance"] = np.sort(d, axis=1)[:, 2]
ref.to_csv(out / "reference.csv", index=False, float_format="%.17g", na_rep="")

(out / "reference.txt").write_text(
    f"generated={datetime.date.today().isoformat()}\n"
    f"command=python3 scripts/reference/access_reference.py\n"
    f"python={sys.version.split()[0]}\n"
    + "".join(f"{p}={md.version(p)}\n" for p in ["access", "numpy", "pandas", "scipy"])
    + f"seed=20240611\nradius={D}\nsteps=500:1,1000:0.68,1500:0.22\n"
    f"gaussian_fca_sigma={sigma_fca}\ngravity_beta={beta}\ngravity_min_distance=1\n"
    f"gravity_gaussian_sigma={sigma_gravity}\ngravity_max_distance={gravity_max}\n")
print((out / "reference.txt").read_text())
