"""Reference values for Quartier's Mann-Kendall test and Sen's slope (Tests/QuartierStatsTests/MannKendallTests).

Run: python3 Tests/Fixtures/trend/make_reference.py > Tests/Fixtures/trend/reference.json
Peers: pymannkendall.original_test (S, var_s, z, p, Tau, slope, intercept with times 0, 1, 2, ...) and
scipy.stats.theilslopes (Sen's slope and intercept with real, irregular times). Versions are recorded.
"""
import json

import numpy as np
import pymannkendall
import scipy
from scipy import stats

rng = np.random.default_rng(20261205)
series = {
    "increasing_noise": list(np.round(np.arange(12) * 0.8 + rng.normal(0, 1.5, 12), 3)),
    "ties": [1, 2, 2, 3, 3, 3, 4, 5, 5, 6],
    "decreasing_ties": [9, 9, 8, 8, 8, 7, 7, 6, 6, 6, 5, 5, 5, 4, 3],
    "no_trend": list(np.round(rng.normal(10, 2, 8), 3)),
    "five_editions": [31.2, 30.4, 28.9, 29.5, 27.1],
    "all_equal": [4.0, 4.0, 4.0, 4.0],
    "three": [1.0, 3.0, 2.0],
}
times = {
    "increasing_noise": [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024],
    "five_editions": [2013, 2015, 2017, 2019, 2021],
    "no_trend": [2015.0, 2015.5, 2016.0, 2017.0, 2017.5, 2019.0, 2020.0, 2024.5],
}
cases = []
for name, values in series.items():
    values = [float(v) for v in values]
    r = pymannkendall.original_test(values)
    case = {
        "name": name, "values": values, "s": float(r.s), "var_s": float(r.var_s), "z": float(r.z), "p": float(r.p),
        "tau": float(r.Tau), "slope": float(r.slope), "intercept": float(r.intercept), "trend": r.trend,
    }
    if name in times:
        t = [float(x) for x in times[name]]
        slope, intercept, _, _ = stats.theilslopes(values, t)
        case["times"] = t
        case["theil_slope"] = float(slope)
        case["theil_intercept"] = float(intercept)
    cases.append(case)
print(json.dumps({"source": "pymannkendall " + pymannkendall.__version__ + ", scipy " + scipy.__version__,
                  "cases": cases}, indent=1))
