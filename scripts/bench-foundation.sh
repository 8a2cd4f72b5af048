#!/usr/bin/env bash
# Times Quartier's foundation commands against GDAL's own tools doing the same work, in one run,
# and prints the ratios (Quartier / peer; below 1 means Quartier is faster).
#   inspect (count, CRS, extent, fields + GEOS validity of every geometry)  vs  ogrinfo -al -so
#   run of the Berlin demo (read, validate, reproject, GeoJSON + GeoPackage) vs  ogr2ogr to the same two files
# Usage: scripts/bench-foundation.sh [path/to/quartier] [repetitions]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/quartier}"
reps="${2:-7}"
gpkg=Geodata/berlin_lor_2021/berlin_lor_2021.gpkg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median wall time in seconds of a command, over $reps runs
median() {
    local times=()
    for _ in $(seq "$reps"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s.%N)
        times+=("$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

peer_run() {
    rm -f "$tmp/p.geojson" "$tmp/p.gpkg"
    ogr2ogr -f GeoJSON -lco RFC7946=YES -lco COORDINATE_PRECISION=6 "$tmp/p.geojson" $gpkg planungsraeume_2021 \
        -t_srs EPSG:4326
    ogr2ogr -f GPKG "$tmp/p.gpkg" $gpkg planungsraeume_2021
}

q_inspect=$(median "$bin" inspect $gpkg --layer planungsraeume_2021 --json)
p_inspect=$(median ogrinfo -so $gpkg planungsraeume_2021)
q_run=$(median "$bin" run Config/analyses/berlin-demo.toml --out "$tmp/out" --quiet)
p_run=$(median peer_run)

printf '%-34s %10s %10s %8s %10s\n' "task (median of $reps)" quartier peer ratio target
printf '%-34s %9.3fs %9.3fs %8.2f %10s\n' "inspect Berlin PLR" "$q_inspect" "$p_inspect" \
    "$(awk -v a="$q_inspect" -v b="$p_inspect" 'BEGIN{print a/b}')" "< 0.3 s"
printf '%-34s %9.3fs %9.3fs %8.2f %10s\n' "run berlin-demo (GeoJSON + GPKG)" "$q_run" "$p_run" \
    "$(awk -v a="$q_run" -v b="$p_run" 'BEGIN{print a/b}')" "< 3 s"
