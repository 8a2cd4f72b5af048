#!/usr/bin/env bash
# Benchmarks of the join layer against peers on the same synthetic data, in one run:
#   point in polygon, 1,000,000 points into 10,000 polygons  vs  shapely 2 STRtree.query(predicate="within")
#   reading a 100,000-row German CSV and joining it by key    vs  pandas read_csv(sep=";", decimal=",") + merge
# Targets (issue 3): point in polygon < 2 s on 2 cores; join of a 100,000-row table < 0.5 s.
# Prints Quartier's and the peer's seconds and the ratio (Quartier / peer; below 1 means faster).
# Usage: scripts/bench-joins.sh [path/to/quartier]   (pip installs shapely and pandas if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/quartier}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c "import shapely, pandas" 2>/dev/null || pip install -q shapely pandas >&2

"$bin" bench --export "$tmp" --json > "$tmp/quartier.json"

python3 - "$tmp" <<'PY'
import json, sys, time
import numpy as np, pandas as pd, shapely
from shapely import STRtree

folder = sys.argv[1]
ours = {r["task"]: r for r in json.load(open(f"{folder}/quartier.json"))}

polygons = shapely.from_wkt(open(f"{folder}/polygons.wkt").read().splitlines())
xy = pd.read_csv(f"{folder}/points.csv").to_numpy()
points = shapely.points(xy)
start = time.perf_counter()
tree = STRtree(polygons)
pairs = tree.query(points, predicate="within")
peer_pip = time.perf_counter() - start

start = time.perf_counter()
table = pd.read_csv(f"{folder}/table.csv", sep=";", decimal=",", dtype={"KEY": str})
areas = pd.DataFrame({"KEY": table["KEY"].copy()})
joined = areas.merge(table, on="KEY", how="left", validate="one_to_one")
peer_join = time.perf_counter() - start

rows = [
    ("point in polygon 1M x 10k", ours["point_in_polygon"]["seconds"], peer_pip, "shapely STRtree", "< 2 s"),
    ("CSV read + key join 100k", ours["csv_read+key_join"]["seconds"], peer_join, "pandas", "< 0.5 s"),
]
print(f"{'task':30} {'quartier':>9} {'peer':>9} {'ratio':>7}  peer / target")
for task, q, p, name, target in rows:
    print(f"{task:30} {q:8.3f}s {p:8.3f}s {q / p:7.2f}  {name} / {target}")
print(f"(shapely found {len(pairs[0])} point-polygon pairs; pandas joined {len(joined)} rows)")
PY
