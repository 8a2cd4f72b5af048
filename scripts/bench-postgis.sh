#!/usr/bin/env bash
# PostGIS as the shared store (issue 23), against the file-based peer in the same run, on a throwaway PostgreSQL 15 +
# PostGIS 3 (scripts/postgis-test-server.sh, Unix socket, fsync off) and loopback:
#   1. writing the 100,000-cell hotspot result of `quartier hotspots` to PostGIS (--out PG:… --table) against writing
#      its GeoPackage: the `write` step of each (--timings), median of RUNS runs each; the server log is checked for
#      COPY (not one INSERT per row). Target: PostGIS within 2× of the GeoPackage.
#   2. items pages of 100 from the same layer served by `quartier serve`, from PostGIS (pushed down to SQL) and from
#      the GeoPackage (in memory), offsets cycling over the layer: wrk requests/s and p99, and their ratio.
#      Target: >= 2,000 requests/s from PostGIS with p99 < 50 ms.
# Installs wrk from Debian when missing (never in CI).
# Usage: scripts/bench-postgis.sh [path/to/quartier] [cells]   (env: DURATION=15 CONNECTIONS=32 RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)
bin="${1:-.build/release/quartier}"
cells="${2:-100000}"
duration="${DURATION:-15}"
connections="${CONNECTIONS:-32}"
runs="${RUNS:-3}"
[ -x "$bin" ] || swift build -c release --product quartier
bin=$(cd "$(dirname "$bin")" && pwd -P)/$(basename "$bin")
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
command -v wrk >/dev/null || { $sudo apt-get update -q && $sudo apt-get install -y -q wrk; } >&2

tmp=$(mktemp -d /tmp/qbench-pg.XXXXXX)
chmod 755 "$tmp"
mkdir -p "$tmp/data"   # the data folder; the database's socket folder ($tmp/pg) is outside it
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    bash scripts/postgis-test-server.sh stop "$tmp/pg" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
conn=$(bash scripts/postgis-test-server.sh start "$tmp/pg")
psql_() { psql -X -q -At -h "$tmp/pg" -p 54329 -U postgres -d quartier -c "$1"; }

# A deterministic layer of N square cells (100 m, EPSG:25833) with a value; as a GeoPackage.
python3 - "$tmp/data/cells.csv" "$cells" <<'PY'
import math, random, sys
path, n = sys.argv[1], int(sys.argv[2])
side = math.ceil(math.sqrt(n))
rng = random.Random(42)
with open(path, "w") as f:
    f.write("id,value,wkt\n")
    for i in range(n):
        x0, y0 = 370000 + (i % side) * 100, 5800000 + (i // side) * 100
        ring = f"{x0} {y0},{x0+100} {y0},{x0+100} {y0+100},{x0} {y0+100},{x0} {y0}"
        value = math.sin(x0 / 5000) * math.cos(y0 / 7000) * 50 + rng.gauss(0, 5)
        f.write(f'C{i:06d},{value:.4f},"POLYGON(({ring}))"\n')
PY
ogr2ogr -f GPKG "$tmp/data/cells.gpkg" "$tmp/data/cells.csv" -oo GEOM_POSSIBLE_NAMES=wkt -oo KEEP_GEOM_COLUMNS=NO \
    -oo AUTODETECT_TYPE=YES -a_srs EPSG:25833 -nln cells -nlt POLYGON
echo "$cells cells in $tmp/data/cells.gpkg" >&2

# 1. Writing: the write step of the same command into a GeoPackage and into PostGIS, alternating.
write_seconds() { python3 -c 'import json,sys; print([s["seconds"] for s in json.load(open(sys.argv[1]))["steps"] if s["name"]=="write"][0])' "$1"; }
psql_ "ALTER SYSTEM SET log_statement = 'all'" && psql_ "SELECT pg_reload_conf()" >/dev/null
gpkg_times=(); pg_times=()
for i in $(seq 1 "$runs"); do
    "$bin" hotspots --areas "$tmp/data/cells.gpkg" --id id --field value --permutations 0 \
        --out "$tmp/q$i.gpkg" --timings "$tmp/tg$i.json" >/dev/null
    gpkg_times+=("$(write_seconds "$tmp/tg$i.json")")
    "$bin" hotspots --areas "$tmp/data/cells.gpkg" --id id --field value --permutations 0 \
        --out "$conn" --table bench.cells --timings "$tmp/tp$i.json" >/dev/null
    pg_times+=("$(write_seconds "$tmp/tp$i.json")")
done
psql_ "ALTER SYSTEM RESET log_statement" && psql_ "SELECT pg_reload_conf()" >/dev/null
copies=$(grep -c 'COPY "bench"' "$tmp/pg/postgres.log" || true)
inserts=$(grep -c 'INSERT INTO "bench"."_qs_' "$tmp/pg/postgres.log" || true)
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
g=$(median "${gpkg_times[@]}"); p=$(median "${pg_times[@]}")
rows=$(psql_ "SELECT count(*) FROM bench.cells")

# 2. Serving: one analysis writes the cells as a GeoPackage (collection cells_file, in memory) and into PostGIS
#    (collection cells, queried); quartier serve runs it once and serves both.
cat >"$tmp/data/bench.toml" <<TOML
version = 1
[analysis]
name = "bench"
working_crs = "EPSG:25833"
[inputs.cells]
source = "cells.gpkg"
id = "id"
[areas]
input = "cells"
[outputs.cells_file]
formats = ["gpkg"]
[outputs.cells]
formats = ["postgis"]
[database]
connection = "$conn"
public_schema = "bench_public"
internal_schema = "bench_internal"
lonlat = true
TOML
cat >"$tmp/server.toml" <<TOML
[server]
host = "127.0.0.1"
[folders]
data = "$tmp/data"
state = "$tmp/state"
[analyses]
publish = ["bench.toml"]
TOML
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --config "$tmp/server.toml" --port "$port" >"$tmp/server.log" 2>&1 &
server_pid=$!
echo "quartier serve (pid $server_pid) on :$port runs the bench analysis once …" >&2
token=""
for _ in $(seq 1 1200); do
    kill -0 "$server_pid" 2>/dev/null || { echo "quartier serve stopped:" >&2; tail -20 "$tmp/server.log" >&2; exit 1; }
    [ -f "$tmp/state/read-token" ] && token=$(cat "$tmp/state/read-token")
    [ -n "$token" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
        "localhost:$port/collections/cells/items?limit=1")" = 200 ] && break
    sleep 0.5
done
curl -sf -H "Authorization: Bearer $token" "localhost:$port/collections/cells/items?limit=1" >/dev/null \
    || { cat "$tmp/server.log" >&2; exit 1; }
for c in cells cells_file; do
    python3 -c "print('\n'.join(f'/collections/$c/items?limit=100&offset={(o * 7919) % $cells // 100 * 100}' for o in range(2000)))" \
        >"$tmp/$c.paths"
done
# The same page from both: equal features.
a=$(curl -s -H "Authorization: Bearer $token" "localhost:$port/collections/cells/items?limit=100&offset=500" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["numberMatched"], [f["id"] for f in d["features"]][:3])')
b=$(curl -s -H "Authorization: Bearer $token" "localhost:$port/collections/cells_file/items?limit=100&offset=500" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["numberMatched"], [f["id"] for f in d["features"]][:3])')
[ "$a" = "$b" ] || echo "pages differ: postgis $a, file $b" >&2

cat >"$tmp/paths.lua" <<LUA
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i], { ["Accept-Encoding"] = "gzip", ["Authorization"] = "Bearer $token" })
end
LUA
run() {  # label, paths file: prints "requests/s p99(ms)"
    local out rps p99
    out=$(PATHS="$2" wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$tmp/paths.lua" "http://127.0.0.1:$port" 2>&1)
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
    grep -q "Non-2xx" <<<"$out" && echo "$1: $(grep Non-2xx <<<"$out")" >&2
    echo "$rps $p99"
}
PATHS="$tmp/cells.paths" wrk -t1 -c4 -d3s -s "$tmp/paths.lua" "http://127.0.0.1:$port" >/dev/null
PATHS="$tmp/cells_file.paths" wrk -t1 -c4 -d3s -s "$tmp/paths.lua" "http://127.0.0.1:$port" >/dev/null
read -r pg_rps pg_p99 <<<"$(run postgis "$tmp/cells.paths")"
read -r file_rps file_p99 <<<"$(run file "$tmp/cells_file.paths")"

echo
printf 'write   GeoPackage %8.3f s   PostGIS %8.3f s   ratio %.2f (target <= 2.0; median of %d, %s rows)\n' \
    "$g" "$p" "$(python3 -c "print($p / $g)")" "$runs" "$rows"
printf '        server log: %s COPY, %s INSERT into the table\n' "$copies" "$inserts"
printf 'items   PostGIS    %8.0f req/s  p99 %6.2f ms (target >= 2000 req/s, p99 < 50 ms)\n' "$pg_rps" "$pg_p99"
printf 'items   file       %8.0f req/s  p99 %6.2f ms\n' "$file_rps" "$file_p99"
printf 'ratio   PostGIS/file %.2f\n' "$(python3 -c "print($pg_rps / $file_rps)")"
