#!/usr/bin/env bash
# Issue 17: reading and writing at the speed of the statistics, and the national 100 m grid, each figure the median
# of RUNS runs (default 3) with the peer in the same run:
#   1. writing 100,000 Voronoi polygons (EPSG:25833) as RFC 7946 GeoJSON with reprojection: the `write` step of
#      `quartier hotspots --out x.geojson` against `ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco RFC7946=YES` of the
#      same layer with the same fields (Quartier's own GeoPackage output of the run); the FlatGeobuf and
#      GeoPackage writes of the same run for comparison. Target: >= 10x.
#   1b. reading the same 100,000 polygons (GeoPackage): the `read` step of `quartier hotspots --permutations 0`
#      (reprojection-free, with the validity checks every area layer gets) through GDAL's Arrow stream (the default
#      for GeoPackage, FlatGeobuf and GeoJSON) against the feature cursor (QUARTIER_READER=cursor).
#   2. the grid: `quartier hotspots` (queen, Gi*, LISA 999, FDR 0.05, GeoJSON out) on 100,000 and on CELLS
#      (default 3,000,000) deterministic 100 m cells given by their centres (scripts/bench_grid.py): whole-process
#      time and peak RSS. Targets: time(CELLS) <= 40x time(100,000), peak RSS <= 8 GiB.
# Usage: scripts/bench-io.sh [path/to/quartier] [cells] [runs]      (SKIP_GRID=1 skips part 2, READ_ONLY=1 runs
# only part 1b, GRID_ONLY=1 only part 2)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:-.build/release/quartier}")"
cells="${2:-3000000}"
runs="${3:-3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c "import geopandas, scipy, shapely" 2>/dev/null || pip install -q geopandas pyogrio scipy shapely >&2

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# wall seconds and peak RSS (KB) of a command, as "seconds kb"
measure() { /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr" || { cat "$tmp/stderr" >&2; exit 1; }; cat "$tmp/time"; }
step() { python3 -c "import json,sys; print({s['name']: s['seconds'] for s in json.load(open(sys.argv[1]))['steps']}[sys.argv[2]])" "$@"; }

if [ "${GRID_ONLY:-0}" != 1 ]; then
echo "== 1. writing 100,000 polygons (median of $runs)"
python3 scripts/bench_voronoi.py "$tmp" 100000
hot=(hotspots --areas "$tmp/voronoi.gpkg" --id id --field value --permutations 99 --seed 1)
"$bin" "${hot[@]}" --out "$tmp/q.gpkg" >/dev/null 2>&1

echo "== 1b. reading the 100,000 polygons: feature cursor vs Arrow stream (read step, median of $runs)"
read_only=(hotspots --areas "$tmp/voronoi.gpkg" --id id --field value --permutations 0 --seed 1 --out "$tmp/r.gpkg")
: > "$tmp/r_cursor"; : > "$tmp/r_arrow"
for _ in $(seq "$runs"); do
    QUARTIER_READER=cursor "$bin" "${read_only[@]}" --timings "$tmp/t.json" >/dev/null 2>&1
    step "$tmp/t.json" read >> "$tmp/r_cursor"
    "$bin" "${read_only[@]}" --timings "$tmp/t.json" >/dev/null 2>&1
    step "$tmp/t.json" read >> "$tmp/r_arrow"
done
rc=$(median < "$tmp/r_cursor"); ra=$(median < "$tmp/r_arrow")
printf '%-44s %9.3fs\n' "read through the feature cursor" "$rc"
printf '%-44s %9.3fs   %.2fx\n' "read through the Arrow stream" "$ra" "$(awk -v a="$rc" -v b="$ra" 'BEGIN{print a/b}')"
[ "${READ_ONLY:-0}" = 1 ] && exit 0
: > "$tmp/q_geojson"; : > "$tmp/q_fgb"; : > "$tmp/q_gpkg"; : > "$tmp/p_geojson"
for _ in $(seq "$runs"); do
    for f in geojson fgb gpkg; do
        "$bin" "${hot[@]}" --out "$tmp/out.$f" --timings "$tmp/t.json" >/dev/null 2>&1
        step "$tmp/t.json" write >> "$tmp/q_$f"
    done
    rm -f "$tmp/p.geojson"
    measure ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco RFC7946=YES "$tmp/p.geojson" "$tmp/q.gpkg" | cut -d' ' -f1 >> "$tmp/p_geojson"
done
q=$(median < "$tmp/q_geojson"); p=$(median < "$tmp/p_geojson")
printf '%-44s %9.3fs\n' "quartier GeoJSON (RFC 7946, reprojected)" "$q"
printf '%-44s %9.3fs   %.1fx   (target >= 10x)\n' "ogr2ogr -f GeoJSON -t_srs EPSG:4326 RFC7946" "$p" \
    "$(awk -v a="$p" -v b="$q" 'BEGIN{print a/b}')"
printf '%-44s %9.3fs\n' "quartier FlatGeobuf (spatial index)" "$(median < "$tmp/q_fgb")"
printf '%-44s %9.3fs\n' "quartier GeoPackage (one transaction)" "$(median < "$tmp/q_gpkg")"
printf 'sizes: GeoJSON %s B (ogr2ogr %s B)\n' "$(stat -c %s "$tmp/out.geojson")" "$(stat -c %s "$tmp/p.geojson")"
rm -f "$tmp"/voronoi.gpkg "$tmp"/out.* "$tmp"/p.geojson "$tmp"/q.gpkg
fi

[ "${SKIP_GRID:-0}" = 1 ] && exit 0
echo "== 2. the grid: hotspots on 100,000 and $cells cells (queen, Gi*, LISA 999, FDR; median of $runs)"
for n in 100000 "$cells"; do
    python3 scripts/bench_grid.py "$tmp/grid.csv" "$n"
    : > "$tmp/wall"; : > "$tmp/rss"
    for _ in $(seq "$runs"); do
        r=$(measure "$bin" hotspots --areas "$tmp/grid.csv" --grid-cell 100 --x x_mp_100m --y y_mp_100m \
            --crs EPSG:3035 --id GITTER_ID_100m --field Einwohner --permutations 999 --fdr 0.05 --seed 1 \
            --out "$tmp/grid.geojson" --timings "$tmp/gt_$n.json")
        echo "${r% *}" >> "$tmp/wall"; echo "${r#* }" >> "$tmp/rss"
        rm -f "$tmp/grid.geojson"
    done
    wall=$(median < "$tmp/wall"); rss=$(sort -g "$tmp/rss" | tail -1)
    echo "$n $wall $rss" >> "$tmp/grid_results"
    printf '%9d cells: whole process %8.2fs, peak RSS %7.0f MiB; steps of the last run: %s\n' "$n" "$wall" \
        "$(awk -v k="$rss" 'BEGIN{print k/1024}')" \
        "$(python3 -c "import json,sys; print(', '.join(f\"{s['name']} {s['seconds']:.2f}\" for s in json.load(open(sys.argv[1]))['steps']))" "$tmp/gt_$n.json")"
    rm -f "$tmp/grid.csv"
done
awk 'NR==1{n1=$1; t1=$2} NR==2{printf "ratio: %.1fx the time for %.0fx the cells (target <= 40x); peak RSS %.2f GiB (target <= 8 GiB)\n", $2/t1, $1/n1, $3/1048576}' "$tmp/grid_results"
