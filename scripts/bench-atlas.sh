#!/usr/bin/env bash
# Atlas benchmark (issue 20): the Berlin demo's atlas page, measured, not a timed test.
#   1. the page's own code and data, gzip -9, without the MapLibre bundle: index.html, atlas.js, atlas.css,
#      atlas.json, sources.json, style.json and the Kita points (kitas.geojson), then the PMTiles bytes the first
#      view reads (already gzip-compressed tiles), and the bundle for comparison;
#   2. first map paint in headless Chromium from a warm static server with byte ranges (the page's own timing:
#      ms from navigation start to the first frame, to the first frame after a tile of the areas arrived, and to
#      the map's first idle), RUNS times, median.
# Usage: scripts/bench-atlas.sh [path/to/quartier] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/quartier}"
runs="${2:-5}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash scripts/vendor-maplibre.sh vendor/maplibre 2>/dev/null
"$bin" run Config/analyses/berlin-demo.toml --out "$tmp/berlin-demo" >/dev/null 2>&1
python3 - "$tmp/berlin-demo" "$runs" <<'PY'
import gzip, json, os, statistics, sys, time
sys.path.insert(0, "Tests/Fixtures")
import browser
folder, runs = sys.argv[1], int(sys.argv[2])
own = ["atlas/index.html", "atlas/atlas.js", "atlas/atlas.css", "atlas/atlas.json", "atlas/sources.json", "style.json",
       "kitas.geojson"]
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
times, ranges = [], 0
try:
    for run in range(runs + 1):  # the first run warms the server and the disk cache, and is not counted
        driver.get("about:blank")
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.get(base + "/atlas/")
        deadline = time.time() + 60
        while time.time() < deadline and not driver.execute_script("return window.quartierAtlas && window.quartierAtlas.ready"):
            time.sleep(0.05)
        t = driver.execute_script("const a = window.quartierAtlas; return [a.firstRender, a.firstPaint, a.firstIdle]")
        entries = driver.execute_script("return performance.getEntriesByType('resource').filter(e => e.name.includes('.pmtiles')).map(e => e.encodedBodySize)")
        if run:
            times.append(t)
            ranges = sum(entries)
finally:
    driver.quit()
    server.shutdown()
print(f"PMTiles bytes read for the first view: {ranges} ({ranges / 1024:.0f} KiB)")
for i, label in enumerate(["first frame", "first frame with area tiles", "first idle (all tiles drawn)"]):
    values = [t[i] for t in times if t[i] is not None]
    print(f"{label:30} median {statistics.median(values):7.0f} ms  (min {min(values):.0f}, max {max(values):.0f}, {len(values)} runs)")
PY
