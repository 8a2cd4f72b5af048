#!/usr/bin/env bash
# Atlas benchmark (issue 20): the Berlin demo's atlas page, measured, not a timed test.
#   1. the page's own code and data, gzip -9, without the MapLibre bundle: index.html, atlas.js, atlas.css,
#      atlas.json, grenzen.geojson, sources.json, style.json and the Kita points (kitas.geojson), then the PMTiles bytes the first
#      view reads (already gzip-compressed tiles), and the bundle for comparison;
#   2. first map paint in headless Chromium, warm (one unmeasured load first), browser cache cleared before each
#      run: the page's own timings in ms from navigation start to the first frame, to the first frame after a tile of
#      the areas arrived, and to the map's first idle; median of RUNS, for the static export behind a byte-range file
#      server and for `quartier serve` (/atlas/berlin-demo/, its own state folder and a free port).
# Usage: scripts/bench-atlas.sh [path/to/quartier] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/quartier}"
runs="${2:-5}"
tmp=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
bash scripts/vendor-maplibre.sh vendor/maplibre 2>/dev/null
"$bin" run Config/analyses/berlin-demo.toml --out "$tmp/berlin-demo" >/dev/null 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --config Config/quartier.toml --port "$port" --state-dir "$tmp/state" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 1200); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/ready")" = 200 ] && break
    sleep 0.5
done
python3 - "$tmp/berlin-demo" "$runs" "http://127.0.0.1:$port/atlas/berlin-demo/" <<'PY'
import gzip, os, statistics, sys, time
sys.path.insert(0, "Tests/Fixtures")
import browser
folder, runs, served = sys.argv[1], int(sys.argv[2]), sys.argv[3]
own = ["atlas/index.html", "atlas/atlas.js", "atlas/atlas.css", "atlas/atlas.json", "atlas/grenzen.geojson",
       "atlas/sources.json", "style.json", "kitas.geojson"]
total = 0
print("file                           bytes   gzip -9")
for name in own + ["atlas/maplibre-pmtiles.js", "atlas/maplibre-gl.css"]:
    data = open(os.path.join(folder, name), "rb").read()
    packed = len(gzip.compress(data, 9))
    if name in own:
        total += packed
    print(f"{name:28} {len(data):9} {packed:9}")
print(f"page's own code and data, gzip: {total} bytes ({total / 1024:.0f} KiB)")
server, base = browser.serve(folder)
driver = browser.chromium(1400, 1000)


def measure(url):
    times, tiles = [], 0
    for run in range(runs + 1):  # the first load warms the server and the disk cache and is not counted
        driver.get("about:blank")
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.get(url)
        deadline = time.time() + 60
        while time.time() < deadline and not driver.execute_script("return window.quartierAtlas && window.quartierAtlas.ready"):
            time.sleep(0.05)
        t = driver.execute_script("const a = window.quartierAtlas; return [a.firstRender, a.firstPaint, a.firstIdle]")
        sizes = driver.execute_script("return performance.getEntriesByType('resource')"
                                      ".filter(e => e.name.includes('tiles.pmtiles') || e.name.includes('.mvt'))"
                                      ".map(e => e.encodedBodySize)")
        if run:
            times.append(t)
            tiles = sum(sizes)
    return times, tiles


try:
    for label, url in [("static export", base + "/atlas/"), ("quartier serve", served)]:
        times, tiles = measure(url)
        # Tiles the server sends are fetched in MapLibre's worker, which the page's resource timing does not list.
        read = f"{tiles} ({tiles / 1024:.0f} KiB)" if tiles else "not visible (fetched in MapLibre's worker)"
        print(f"{label}: tile bytes read for the first view: {read}")
        for i, what in enumerate(["first frame", "first frame with area tiles", "first idle (all tiles drawn)"]):
            values = [t[i] for t in times if t[i] is not None]
            print(f"  {what:30} median {statistics.median(values):7.0f} ms  (min {min(values):.0f}, max {max(values):.0f},"
                  f" {len(values)} runs)")
finally:
    driver.quit()
    server.shutdown()
PY
