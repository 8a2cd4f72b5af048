#!/usr/bin/env bash
# Hotspot benchmark against PySAL on the same input, in one run (issue 4):
#   a deterministic synthetic layer of N Voronoi cells (default 100,000; scripts/bench_voronoi.py: numpy seed 42,
#   clipped to a square, in EPSG:25833), with a spatially autocorrelated value field;
#   Quartier: `quartier hotspots` (queen, R, 999 permutations, GeoJSON output) with --timings, RUNS times (3);
#   PySAL:   libpysal.graph.Graph.build_contiguity → W, esda.Moran, esda.G_Local(star=True), esda.Moran_Local
#            (999 permutations, numba, n_jobs=1; the JIT is warmed up on a small layer first and excluded), RUNS
#            times; each figure is the median.
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

python3 scripts/bench_voronoi.py "$tmp" "$cells"

# Quartier: RUNS whole processes (GeoJSON output, RFC 7946), the median wall time and the steps of the median run.
runs="${RUNS:-3}"
for r in $(seq "$runs"); do
    start=$(date +%s.%N)
    "$bin" hotspots --areas "$tmp/voronoi.gpkg" --id id --field value --permutations 999 --seed 1 \
        --out "$tmp/q.geojson" --summary "$tmp/q.json" --timings "$tmp/qt$r.json" >/dev/null
    end=$(date +%s.%N)
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}') $r" >> "$tmp/qwall"
    rm -f "$tmp/q.geojson"
done
sort -g "$tmp/qwall" | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}' > "$tmp/qmedian"

python3 - "$tmp" "$runs" <<'PY'
import json, statistics, sys, time, warnings
warnings.filterwarnings("ignore")
folder, runs = sys.argv[1], int(sys.argv[2])
import geopandas as gpd, numpy as np, libpysal, esda
start_all = time.perf_counter()
gdf = gpd.read_file(f"{folder}/voronoi.gpkg")
small = gdf.iloc[:500]
ws = libpysal.graph.Graph.build_contiguity(small, rook=False).transform("R").to_W()
esda.Moran_Local(small["value"].values, ws, permutations=99, n_jobs=1, seed=1)  # numba JIT warm-up, excluded
esda.G_Local(small["value"].values, ws, star=True, permutations=0)
read_done = time.perf_counter()
samples = []
for _ in range(runs):
    t = {}
    s = time.perf_counter(); g = libpysal.graph.Graph.build_contiguity(gdf, rook=False); w = g.transform("R").to_W(); t["weights"] = time.perf_counter() - s
    y = gdf["value"].values
    s = time.perf_counter(); esda.Moran(y, w, permutations=999); t["moran"] = time.perf_counter() - s
    s = time.perf_counter(); esda.G_Local(y, w, star=True, permutations=0); t["gistar"] = time.perf_counter() - s
    s = time.perf_counter(); esda.Moran_Local(y, w, permutations=999, n_jobs=1, seed=1); t["lisa"] = time.perf_counter() - s
    s = time.perf_counter(); gdf.assign(out=0).to_file(f"{folder}/p.geojson", driver="GeoJSON"); t["write"] = time.perf_counter() - s
    samples.append(t)
t = {k: statistics.median(x[k] for x in samples) for k in samples[0]}
peer_compute = t["weights"] + t["moran"] + t["gistar"] + t["lisa"]
peer_whole = (read_done - start_all) + peer_compute + t["write"]

q_whole, median_run = open(f"{folder}/qmedian").read().split()
q_whole = float(q_whole)
q = {s["name"]: s["seconds"] for s in json.load(open(f"{folder}/qt{median_run}.json"))["steps"]}
q_compute = sum(v for k, v in q.items() if k not in ("read", "write"))
print(f"median of {runs} runs; quartier writes GeoJSON (RFC 7946), geopandas GeoJSON")
print(f"{'step':12} {'quartier':>9} {'pysal':>9} {'speed-up':>9}")
for k in ("weights", "moran", "gistar", "lisa"):
    print(f"{k:12} {q.get(k, float('nan')):8.3f}s {t[k]:8.3f}s {t[k] / max(q.get(k, 1e-9), 1e-9):8.1f}x")
print(f"{'computation':12} {q_compute:8.3f}s {peer_compute:8.3f}s {peer_compute / q_compute:8.1f}x   (target >= 20x)")
print(f"{'whole':12} {q_whole:8.3f}s {peer_whole:8.3f}s {peer_whole / q_whole:8.1f}x   (target >= 5x; pysal JIT warm-up excluded)")
PY
