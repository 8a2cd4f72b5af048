#!/usr/bin/env bash
# HTTP benchmark of `quartier serve` (issue 9), on loopback, with wrk and nginx from Debian (installed here
# when missing, never in CI). The server publishes the Berlin demo (Config/analyses/berlin-demo.toml); nginx
# serves the same tiles of tiles.pmtiles, extracted as stored (gzip) into z/x/y files, in the same run.
#   1. warm tile requests, cycling through every tile of the archive: quartier vs nginx requests/s, p99;
#   2. items pages of 100 Kita points (/collections/kitas/items, offsets cycling): requests/s;
#   3. with SOAK_SECONDS=600: a soak of tile and items requests, the server's RSS sampled every 30 s.
# Targets: tiles >= 50 % of nginx's requests/s and p99 < 10 ms; items > 2,000 requests/s; flat RSS.
# Usage: scripts/bench-serve.sh [path/to/quartier]   (env: DURATION=15 CONNECTIONS=32 SOAK_SECONDS=0)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/quartier}"
duration="${DURATION:-15}"
connections="${CONNECTIONS:-32}"
soak="${SOAK_SECONDS:-0}"
[ -x "$bin" ] || swift build -c release --product quartier
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
command -v wrk >/dev/null && command -v nginx >/dev/null || { $sudo apt-get update -q && $sudo apt-get install -y -q wrk nginx-light; } >&2
python3 -c "import pmtiles" 2>/dev/null || pip install -q pmtiles >&2

tmp=$(mktemp -d)
chmod 755 "$tmp"   # nginx workers (www-data) read the extracted tiles
server_pid=""
nginx_conf="$tmp/nginx.conf"
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    [ -f "$tmp/nginx.pid" ] && nginx -c "$nginx_conf" -s stop 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

"$bin" serve --config Config/quartier.toml --port "$port" --state-dir "$tmp/state" >"$tmp/server.log" 2>&1 &
server_pid=$!
echo "quartier serve (pid $server_pid) on :$port runs the Berlin demo once …" >&2
for _ in $(seq 1 1200); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/ready")" = 200 ] && break
    sleep 0.5
done
curl -sf "localhost:$port/tiles/tiles.json" >"$tmp/tilejson.json" || { cat "$tmp/server.log" >&2; exit 1; }
version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$tmp/tilejson.json")
job=$(curl -s "localhost:$port/analyses" | python3 -c 'import json,sys; print(json.load(sys.stdin)["analyses"][0]["job"]["jobID"])')

# Every tile of the archive as stored, for nginx, and the request paths for both servers.
python3 - "$tmp/state/jobs/$job/tiles.pmtiles" "$tmp/www" "$tmp" "$version" <<'PY'
import os, sys
from pmtiles.reader import MmapSource, all_tiles
archive, www, folder, version = sys.argv[1:]
quartier, static = [], []
with open(archive, 'rb') as f:
    for (z, x, y), data in all_tiles(MmapSource(f)):
        path = f"/tiles/tiles/{z}/{x}/{y}.mvt"
        os.makedirs(os.path.dirname(www + path), exist_ok=True)
        open(www + path, 'wb').write(data)
        quartier.append(f"{path}?v={version}")
        static.append(path)
open(f"{folder}/quartier.paths", "w").write("\n".join(quartier) + "\n")
open(f"{folder}/nginx.paths", "w").write("\n".join(static) + "\n")
print(f"{len(static)} tiles", file=sys.stderr)
PY
python3 -c 'print("\n".join(f"/collections/kitas/items?limit=100&offset={o}" for o in range(0, 2880, 100)))' >"$tmp/items.paths"

cat >"$nginx_conf" <<NGINX
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$nport;
        root $tmp/www;
        location /tiles/ {
            default_type application/vnd.mapbox-vector-tile;
            add_header Content-Encoding gzip;
            add_header Cache-Control "public, max-age=31536000, immutable";
            add_header Access-Control-Allow-Origin "*";
            etag on;
        }
    }
}
NGINX
nginx -c "$nginx_conf"

cat >"$tmp/paths.lua" <<'LUA'
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i], { ["Accept-Encoding"] = "gzip" })
end
LUA

run() {  # label, port, paths file: prints "label requests/s p99(ms)"
    local out
    out=$(PATHS="$3" wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$tmp/paths.lua" "http://127.0.0.1:$2" 2>&1)
    local rps p99
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
    grep -q "Non-2xx" <<<"$out" && echo "$1: $(grep Non-2xx <<<"$out")" >&2
    echo "$1 $rps $p99"
}

PATHS="$tmp/quartier.paths" wrk -t1 -c4 -d3s -s "$tmp/paths.lua" "http://127.0.0.1:$port" >/dev/null   # warm up
PATHS="$tmp/nginx.paths" wrk -t1 -c4 -d3s -s "$tmp/paths.lua" "http://127.0.0.1:$nport" >/dev/null
read -r _ q_rps q_p99 <<<"$(run quartier-tiles "$port" "$tmp/quartier.paths")"
read -r _ n_rps n_p99 <<<"$(run nginx-tiles "$nport" "$tmp/nginx.paths")"
read -r _ i_rps i_p99 <<<"$(run quartier-items "$port" "$tmp/items.paths")"
rss() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }

echo
printf 'tiles   quartier %10.0f req/s  p99 %6.2f ms\n' "$q_rps" "$q_p99"
printf 'tiles   nginx    %10.0f req/s  p99 %6.2f ms\n' "$n_rps" "$n_p99"
printf 'ratio   quartier/nginx %.2f (target >= 0.50); p99 target < 10 ms\n' "$(python3 -c "print($q_rps / $n_rps)")"
printf 'items   quartier %10.0f req/s  p99 %6.2f ms (pages of 100 Kitas; target > 2000 req/s)\n' "$i_rps" "$i_p99"
echo "server RSS after the runs: $(rss) kB"

if [ "$soak" -gt 0 ]; then
    echo "soak: $soak s of tile and items requests; RSS every 30 s (kB):"
    cat "$tmp/quartier.paths" "$tmp/items.paths" >"$tmp/soak.paths"
    PATHS="$tmp/soak.paths" wrk -t2 -c"$connections" -d"${soak}s" -s "$tmp/paths.lua" "http://127.0.0.1:$port" >"$tmp/soak.out" 2>&1 &
    soak_pid=$!
    samples=()
    while kill -0 "$soak_pid" 2>/dev/null; do
        samples+=("$(rss)")
        sleep 30
    done
    echo "  ${samples[*]}"
    awk '/Requests\/sec/ {print "  soak requests/s " $2}' "$tmp/soak.out"
fi
