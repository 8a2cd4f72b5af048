#!/usr/bin/env bash
# Hotspot benchmark against PySAL on the same input, in one run (issue 4):
#   a deterministic synthetic layer of N Voronoi cells (default 100,000; numpy seed 42, clipped to a square),
#   with a spatially autocorrelated value field;
#   Quartier: `quartier hotspots` (queen, R, 999 permutations) with --timings;
#   PySAL:   libpysal.graph.Graph.build_contiguity → W, esda.Moran, esda.G_Local(star=True), esda.Moran_Local
#            (999 permutations, numba, n_jobs=1; the JIT is warmed up on a small layer first and excluded).
# Prints seconds and ratios: computation (weights + Moran + Gi* + LISA) and whole process (read and write included).
# Targets: computation >= 20x faster than esda; whole process >= 5x faster.
# Usage: scripts/bench-hotspots.sh [path/to/quartier] [cells]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/quartier}"
cells="${2:-100000}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c "import esda, libpysal, geopandas, scipy, numba" 2>/dev/null || pip install -q esda libpysal geopandas pyogrio scipy numba >&2

python3 - "$tmp" "$cells" <<'PY'
import sys
import numpy as np, geopandas as gpd, shapely
from scipy.spatial import Voronoi
folder, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(42)
side = 1000.0 * np.sqrt(n)
pts = rng.uniform(0, side, size=(n, 2))
# mirror the points across the square's edges so every Voronoi cell of the originals is finite
mirrored = np.vstack([pts, pts * [-1, 1], pts * [1, -1], [2 * side, 0] + pts * [-1, 1], [0, 2 * side] + pts * [1, -1]])
vor = Voronoi(mirrored)
box = shapely.box(0, 0, side, side)
polys = []
for i in range(n):
    region = vor.regions[vor.point_region[i]]
    polys.append(shapely.Polygon(vor.vertices[region]).intersection(box))
value = np.sin(pts[:, 0] / side * 6) + np.cos(pts[:, 1] / side * 5) + rng.normal(0, 0.5, n)
gdf = gpd.GeoDataFrame({"id": [f"C{i:06d}" for i in range(n)], "value": value}, geometry=polys, crs="EPSG:25833")
gdf.to_file(f"{folder}/voronoi.gpkg", layer="cells", driver="GPKG")
PY

start=$(date +%s.%N)
"$bin" hotspots --areas "$tmp/voronoi.gpkg" --id id --field value --permutations 999 --seed 1 \
    --out "$tmp/q.gpkg" --summary "$tmp/q.json" --timings "$tmp/qt.json" >/dev/null
end=$(date +%s.%N)
echo "$start $end" > "$tmp/qwall"

python3 - "$tmp" <<'PY'
import json, sys, time, warnings
warnings.filterwarnings("ignore")
folder = sys.argv[1]
import geopandas as gpd, numpy as np, libpysal, esda
start_all = time.perf_counter()
gdf = gpd.read_file(f"{folder}/voronoi.gpkg")
small = gdf.iloc[:500]
ws = libpysal.graph.Graph.build_contiguity(small, rook=False).transform("R").to_W()
esda.Moran_Local(small["value"].values, ws, permutations=99, n_jobs=1, seed=1)  # numba JIT warm-up, excluded
esda.G_Local(small["value"].values, ws, star=True, permutations=0)
read_done = time.perf_counter()
t = {}
s = time.perf_counter(); g = libpysal.graph.Graph.build_contiguity(gdf, rook=False); w = g.transform("R").to_W(); t["weights"] = time.perf_counter() - s
y = gdf["value"].values
s = time.perf_counter(); esda.Moran(y, w, permutations=999); t["moran"] = time.perf_counter() - s
s = time.perf_counter(); esda.G_Local(y, w, star=True, permutations=0); t["gistar"] = time.perf_counter() - s
s = time.perf_counter(); esda.Moran_Local(y, w, permutations=999, n_jobs=1, seed=1); t["lisa"] = time.perf_counter() - s
s = time.perf_counter(); gdf.assign(out=0).to_file(f"{folder}/p.gpkg", driver="GPKG"); t["write"] = time.perf_counter() - s
peer_compute = t["weights"] + t["moran"] + t["gistar"] + t["lisa"]
peer_whole = (read_done - start_all) + peer_compute + t["write"]

q = {s["name"]: s["seconds"] for s in json.load(open(f"{folder}/qt.json"))["steps"]}
q_compute = sum(v for k, v in q.items() if k not in ("read", "write"))
a, b = map(float, open(f"{folder}/qwall").read().split())
q_whole = b - a
print(f"{'step':12} {'quartier':>9} {'pysal':>9} {'speed-up':>9}")
for k in ("weights", "moran", "gistar", "lisa"):
    print(f"{k:12} {q.get(k, float('nan')):8.3f}s {t[k]:8.3f}s {t[k] / max(q.get(k, 1e-9), 1e-9):8.1f}x")
print(f"{'computation':12} {q_compute:8.3f}s {peer_compute:8.3f}s {peer_compute / q_compute:8.1f}x   (target >= 20x)")
print(f"{'whole':12} {q_whole:8.3f}s {peer_whole:8.3f}s {peer_whole / q_whole:8.1f}x   (target >= 5x; pysal JIT warm-up excluded)")
PY
