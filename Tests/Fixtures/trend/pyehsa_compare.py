"""A small cube run through pyehsa (the Python port of sfdep's emerging_hotspot_analysis) for docs/emerging.md.

Not run by the tests. A 10 x 10 grid of squares, 10 years (2015-2024), uniform noise in [-3, 3] (seed 7) and four
3 x 3 blocks whose nine cells carry a designed series (plus a tenth of the noise): "new" (40 in the last year only),
"intensifying" (15, 18, ..., 42), "mid-series burst" (40 in 2018 only), "cold then hot" (-40 in 2017, 40 in 2024).

Run: python3 Tests/Fixtures/trend/pyehsa_compare.py [DIR]   (writes DIR/grid.geojson and DIR/series.csv, default
/tmp/ehsa-compare, and, where pyehsa is installed, prints its classification with nsim 49 and 199, seed 77). The
same cube through Quartier:
  quartier emerging --areas DIR/grid.geojson --id id --series DIR/series.csv --time year --field value \
    --weights queen --out DIR/quartier.geojson
"""
import contextlib
import csv
import io
import json
import logging
import os
import random
import sys

directory = sys.argv[1] if len(sys.argv) > 1 else "/tmp/ehsa-compare"
os.makedirs(directory, exist_ok=True)
side, steps = 10, 10
rng = random.Random(7)
blocks = {
    "new": ((1, 1), [0, 0, 0, 0, 0, 0, 0, 0, 0, 40]),
    "intensifying": ((1, 6), [15, 18, 21, 24, 27, 30, 33, 36, 39, 42]),
    "mid-series burst": ((6, 6), [0, 0, 0, 40, 0, 0, 0, 0, 0, 0]),
    "cold then hot": ((6, 1), [0, 0, -40, 0, 0, 0, 0, 0, 0, 40]),
}
value = {(r, c, t): round(rng.uniform(-3, 3), 2) for r in range(side) for c in range(side) for t in range(steps)}
centres = {}
for name, ((top, left), series) in blocks.items():
    centres[f"{top + 1:02d}{left + 1:02d}"] = name
    for r in range(top, top + 3):
        for c in range(left, left + 3):
            for t in range(steps):
                value[(r, c, t)] = series[t] + value[(r, c, t)] * 0.1
with open(os.path.join(directory, "series.csv"), "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["id", "year", "value"])
    for r in range(side):
        for c in range(side):
            for t in range(steps):
                writer.writerow([f"{r:02d}{c:02d}", 2015 + t, value[(r, c, t)]])
features = []
for r in range(side):
    for c in range(side):
        x, y = c * 0.01, -r * 0.01
        ring = [[x, y], [x + 0.01, y], [x + 0.01, y - 0.01], [x, y - 0.01], [x, y]]
        features.append({"type": "Feature", "properties": {"id": f"{r:02d}{c:02d}"},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
with open(os.path.join(directory, "grid.geojson"), "w") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f)

try:
    import pandas as pd
    from importlib.metadata import version
    from pyehsa import EmergingHotspotAnalysis
    from shapely.geometry import shape
except ImportError:
    sys.exit(0)
logging.disable(logging.CRITICAL)
print(f"pyehsa {version('pyehsa')}")
grid = {f["properties"]["id"]: shape(f["geometry"]) for f in features}
frame = pd.read_csv(os.path.join(directory, "series.csv"), dtype={"id": str})
frame["time_period"] = pd.to_datetime(frame["year"].astype(str) + "-01-01")
frame["geometry"] = frame["id"].map(lambda key: grid[key].wkt)
for nsim in (49, 199):
    with contextlib.redirect_stdout(io.StringIO()):
        result = EmergingHotspotAnalysis.emerging_hotspot_analysis(
            frame[["id", "time_period", "value", "geometry"]].copy(), "id", "time_period", "value", k=1, nsim=nsim)
    key = "location" if "location" in result.columns else result.columns[0]
    print(f"nsim={nsim}: {result['classification'].value_counts().to_dict()}")
    for centre, name in centres.items():
        print(f"  {name} ({centre}): {result.loc[result[key].astype(str) == centre, 'classification'].iloc[0]}")
